/*
 * A request path whose percent-encoding does not decode (`/api/collect/%`, `/deliveries/%E0%A4%A`) names
 * nothing. Left alone it reaches `decodeURIComponent` in the collector or in Next's routing, which throw,
 * and the request ended as a logged 500. server.ts asks here first, for every path.
 */

/** Paths answered in the house JSON error shape; everything else is a page. */
const API_PREFIXES = ['/api/', '/sandbox/api/'];

/** A path that Next routes to nothing, so it renders the console's own "Page not found" (404). */
export const NOT_FOUND_PATH = '/_malformed-address';

export function hasMalformedPath(url: string): boolean {
  const path = url.split(/[?#]/, 1)[0] ?? '';
  try {
    decodeURIComponent(path);
    return false;
  } catch {
    return true;
  }
}

export function isApiPath(url: string): boolean {
  return API_PREFIXES.some((prefix) => url.startsWith(prefix));
}

/** The answer to a malformed API path: 400 in the house error shape. */
export const MALFORMED_API_PATH = {
  status: 400,
  headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
  body: JSON.stringify({
    error: {
      code: 'bad_request',
      message: 'The address is not valid: it contains a "%" that is not followed by a valid UTF-8 escape.',
    },
  }),
} as const;
