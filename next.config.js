/** @type {import('next').NextConfig} */
const nextConfig = {
  serverExternalPackages: ['better-sqlite3'],
  poweredByHeader: false,
  reactStrictMode: true,
  // Browsers still ask for /favicon.ico where a page names no icon (a JSON or CSV opened in a tab), and
  // log the 404; the e2e suite fails on console errors. Serve the app's icon there too.
  async rewrites() {
    return [{ source: '/favicon.ico', destination: '/icon.svg' }];
  },
};

module.exports = nextConfig;
