/** What a sandbox endpoint answers; the route handler turns it into an HTTP response. */
export interface SandboxReply {
  status: number;
  /** JSON body; absent when `raw` is set. */
  json?: unknown;
  /** A raw body, for answers SALESmanago is not supposed to give (malformed JSON). */
  raw?: string;
  /** Wait this long before answering (slow and timeout magic contacts). */
  delayMs?: number;
  /**
   * Extra response headers, set over the route's defaults: Retry-After on a 429, and a text/html
   * content type for the HTML error page of a 500 (magic contacts).
   */
  headers?: Record<string, string>;
}

export const ok = (extra: Record<string, unknown> = {}): SandboxReply => ({
  status: 200,
  json: { success: true, message: [], ...extra },
});

/** SALESmanago refuses with HTTP 200, `success: false` and a list of messages (salesmanago.md §4.2). */
export const refuse = (...message: string[]): SandboxReply => ({
  status: 200,
  json: { success: false, message },
});
