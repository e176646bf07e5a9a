// The one place that talks HTTP to SALESmanago (or the sandbox). It never throws: every outcome, including
// "no answer at all", comes back as data the decoder and the delivery history can record.
import { REQUEST_HEADERS } from './requests';

export type TransportErrorKind =
  'timeout' | 'connection-refused' | 'connection-reset' | 'dns' | 'tls' | 'network';

export interface TransportResponse {
  kind: 'response';
  httpStatus: number;
  /** The body as text, capped at maxBodyChars so a runaway answer cannot fill the history. */
  bodyText: string;
  truncated: boolean;
  durationMs: number;
  headers: { date?: string; retryAfter?: string; location?: string };
}

export interface TransportFailure {
  kind: 'transport-error';
  error: TransportErrorKind;
  /** A sentence naming the host and what happened; never the request body, which holds the credentials. */
  message: string;
  durationMs: number;
}

export type TransportResult = TransportResponse | TransportFailure;

export const DEFAULT_MAX_BODY_CHARS = 64 * 1024;

export interface PostJsonOptions {
  url: string;
  /** Serialised with JSON.stringify; a string is sent as it is. */
  body: unknown;
  /** Covers connecting, the headers and reading the body. */
  timeoutMs: number;
  /** The caller's fetch: lib/salesmanago makes no network calls of its own (it is liftable as a package). */
  fetchImpl: typeof fetch;
  maxBodyChars?: number;
}

export async function postJson(opts: PostJsonOptions): Promise<TransportResult> {
  const { url, body, timeoutMs, fetchImpl, maxBodyChars = DEFAULT_MAX_BODY_CHARS } = opts;
  const started = performance.now();
  const durationMs = () => Math.round(performance.now() - started);
  const fail = (error: TransportErrorKind, message: string): TransportFailure => ({
    kind: 'transport-error',
    error,
    message,
    durationMs: durationMs(),
  });
  if (!URL.canParse(url)) return fail('network', 'The endpoint address is not a valid URL.');
  let payload: string;
  try {
    payload = typeof body === 'string' ? body : JSON.stringify(body);
  } catch {
    return fail('network', 'The request could not be written as JSON.');
  }

  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);

  try {
    const res = await fetchImpl(url, {
      method: 'POST',
      headers: REQUEST_HEADERS,
      body: payload,
      signal: controller.signal,
      // Following a redirect would resend the signed body (apiKey, sha) to wherever the server points, and
      // fetch turns a 301/302 POST into a GET anyway. The decoder reports the redirect instead.
      redirect: 'manual',
    });
    const { text, truncated } = await readCapped(res, maxBodyChars);
    return {
      kind: 'response',
      httpStatus: res.status,
      bodyText: text,
      truncated,
      durationMs: durationMs(),
      headers: pickHeaders(res.headers),
    };
  } catch (err) {
    const error = timedOut ? 'timeout' : classify(errorCodes(err));
    return fail(error, describe(error, err, url, timeoutMs));
  } finally {
    clearTimeout(timer);
  }
}

async function readCapped(res: Response, max: number): Promise<{ text: string; truncated: boolean }> {
  if (!res.body) return { text: '', truncated: false };
  const reader = res.body.getReader();
  const decoder = new TextDecoder('utf-8');
  let text = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    text += decoder.decode(value, { stream: true });
    if (text.length > max) {
      // Stop downloading: the rest would be thrown away, and a hostile server could stream forever.
      await reader.cancel().catch(() => undefined);
      return { text: text.slice(0, max), truncated: true };
    }
  }
  text += decoder.decode();
  return text.length > max ? { text: text.slice(0, max), truncated: true } : { text, truncated: false };
}

function pickHeaders(headers: Headers): TransportResponse['headers'] {
  const out: TransportResponse['headers'] = {};
  const date = headers.get('date');
  const retryAfter = headers.get('retry-after');
  const location = headers.get('location');
  if (date) out.date = date;
  if (retryAfter) out.retryAfter = retryAfter;
  if (location) out.location = location;
  return out;
}

/**
 * Error codes from the whole chain. Node's fetch (undici) throws TypeError("fetch failed") with the system
 * error in `cause` (sometimes nested, or an AggregateError when several addresses were tried).
 */
export function errorCodes(err: unknown): string[] {
  const codes: string[] = [];
  const seen = new Set<unknown>();
  const visit = (e: unknown, depth: number) => {
    if (!e || typeof e !== 'object' || seen.has(e) || depth > 6) return;
    seen.add(e);
    const { code, name, cause, errors } = e as {
      code?: unknown;
      name?: unknown;
      cause?: unknown;
      errors?: unknown;
    };
    if (typeof code === 'string') codes.push(code);
    if (name === 'AbortError' || name === 'TimeoutError') codes.push(name);
    visit(cause, depth + 1);
    if (Array.isArray(errors)) for (const inner of errors) visit(inner, depth + 1);
  };
  visit(err, 0);
  return codes;
}

const TLS_CODE =
  /^(CERT_|ERR_TLS_|ERR_SSL_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_|HOSTNAME_MISMATCH|EPROTO$|ERR_OSSL_)/;

export function classify(codes: string[]): TransportErrorKind {
  const has = (...list: string[]) => codes.some((c) => list.includes(c));
  if (has('ECONNREFUSED')) return 'connection-refused';
  if (has('ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NONAME', 'EAI_NODATA')) return 'dns';
  if (codes.some((c) => TLS_CODE.test(c))) return 'tls';
  if (
    has(
      'ETIMEDOUT',
      'UND_ERR_CONNECT_TIMEOUT',
      'UND_ERR_HEADERS_TIMEOUT',
      'UND_ERR_BODY_TIMEOUT',
      'TimeoutError',
    )
  ) {
    return 'timeout';
  }
  if (has('ECONNRESET', 'EPIPE', 'ECONNABORTED', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED'))
    return 'connection-reset';
  return 'network';
}

// Only the host: a URL could carry user:password, and paths add nothing for the reader.
const targetOf = (url: string): string => new URL(url).host;

// Messages are built only from the host and error codes, never from the error's own text, so nothing the
// request carried can leak into the history or the screen.
function describe(kind: TransportErrorKind, err: unknown, url: string, timeoutMs: number): string {
  const host = targetOf(url);
  const code = errorCodes(err).find((c) => /^[A-Z][A-Z0-9_]+$/.test(c));
  const suffix = code ? ` (${code})` : '';
  switch (kind) {
    case 'timeout':
      return `${host} did not answer within ${formatSeconds(timeoutMs)}.`;
    case 'connection-refused':
      return `${host} refused the connection: nothing is listening at that address and port${suffix}.`;
    case 'connection-reset':
      return `The connection to ${host} was cut off before the answer was complete${suffix}.`;
    case 'dns':
      return `The name ${host.replace(/:\d+$/, '')} could not be found (DNS lookup failed)${suffix}.`;
    case 'tls':
      return `The secure connection (TLS) to ${host} failed${suffix}.`;
    case 'network':
      // fetch refuses some ports outright (the Fetch standard's "bad port" list, e.g. 6000); an allowed
      // self-hosted endpoint on one of them would otherwise fail with no useful hint.
      return chainHasMessage(err, 'bad port')
        ? `${host} uses a port that fetch refuses to connect to ("bad port"); use another port.`
        : `Could not reach ${host} because of a network error${suffix}.`;
  }
}

function chainHasMessage(err: unknown, text: string): boolean {
  for (let e = err, depth = 0; e && typeof e === 'object' && depth < 6; depth++) {
    if ((e as { message?: unknown }).message === text) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

function formatSeconds(ms: number): string {
  const s = ms / 1000;
  return `${Number.isInteger(s) ? s : s.toFixed(1)} s`;
}
