// Stands in for the `server-only` package where Next's bundler is not involved
// (unit tests and the esbuild-bundled custom server). See vitest.config.mts and scripts/build-server.mjs.
export {};
