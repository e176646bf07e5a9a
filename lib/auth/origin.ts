/**
 * Cross-site request check for cookie-authenticated writes. Browsers send `Sec-Fetch-Site` and
 * `Origin` on POST/PATCH/DELETE; a value from another site means a forged request (CSRF). Clients
 * that are not browsers send neither and cannot carry a victim's cookie, so they pass.
 */
export function isCrossSiteWrite(
  method: string,
  headers: { get(name: string): string | null },
  ownOrigins: string[],
): boolean {
  if (['GET', 'HEAD', 'OPTIONS'].includes(method.toUpperCase())) return false;
  const site = headers.get('sec-fetch-site');
  if (site && site !== 'same-origin' && site !== 'none') return true;
  const origin = headers.get('origin');
  if (origin && origin !== 'null' && !ownOrigins.includes(origin)) return true;
  if (origin === 'null') return true;
  return false;
}
