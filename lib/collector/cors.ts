/**
 * CORS for the public collector. Shop pages on other origins call it with `fetch`, so the browser
 * must be told, per origin, that it may read our answer. The collector uses no cookies, so it never
 * allows credentials, and it echoes the one allowed origin instead of `*` so that the answer (and any
 * cache in front of it) stays tied to that origin.
 */
import { originAllowed } from '@/lib/validations/origin';

export type HeaderMap = Record<string, string>;

/** Methods and request headers a collector call may use; everything else fails the preflight. */
export const COLLECTOR_METHODS = 'POST, OPTIONS';
const ALLOWED_REQUEST_HEADERS = new Set(['content-type']);
/** Short enough that a changed allowlist takes effect within minutes; browsers cap it lower anyway. */
export const PREFLIGHT_MAX_AGE_SECONDS = 600;

/**
 * Headers for an actual (non-preflight) response. `Vary: Origin` always, because the answer differs
 * by origin even when it is a refusal; the allow headers only for an allowed origin, so a refused site's
 * script cannot read the body. Retry-After is exposed so a shop's script can honour a 429.
 */
export function corsHeaders(origin: string | null, opts: { allowed: boolean }): HeaderMap {
  if (!opts.allowed || origin === null) return { Vary: 'Origin' };
  return {
    'Access-Control-Allow-Origin': origin,
    'Access-Control-Expose-Headers': 'Retry-After',
    Vary: 'Origin',
  };
}

export type PreflightRequest = {
  origin: string | null;
  /** The Access-Control-Request-Method header ('' when absent). */
  method: string;
  /** The Access-Control-Request-Headers header: a comma-separated list ('' when absent). */
  headers: string;
};

export type PreflightResult = { status: 204 | 403; headers: HeaderMap };

/**
 * Answers an OPTIONS preflight. A browser only sends one when the call is not "simple" (e.g.
 * `Content-Type: application/json`); the generated snippet uses text/plain to skip it entirely.
 * A refused origin gets 403 with no Access-Control-Allow-Origin. An allowed origin asking for another
 * method or header also gets 403 (any non-2xx fails a preflight), but with the allow headers, so the
 * developer's console shows what would have been accepted.
 */
export function preflight(req: PreflightRequest, patterns: readonly string[]): PreflightResult {
  if (!originAllowed(req.origin, patterns)) return { status: 403, headers: { Vary: 'Origin' } };
  const headers: HeaderMap = {
    'Access-Control-Allow-Origin': req.origin!,
    'Access-Control-Allow-Methods': COLLECTOR_METHODS,
    'Access-Control-Allow-Headers': 'content-type',
    'Access-Control-Max-Age': String(PREFLIGHT_MAX_AGE_SECONDS),
    Vary: 'Origin',
  };
  // Fetch always upper-cases the standard method names, so a plain comparison is exact.
  if (req.method.trim() !== 'POST') return { status: 403, headers };
  const requested = req.headers
    .split(',')
    .map((h) => h.trim().toLowerCase())
    .filter(Boolean);
  if (requested.some((h) => !ALLOWED_REQUEST_HEADERS.has(h))) return { status: 403, headers };
  return { status: 204, headers };
}
