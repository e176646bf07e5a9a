/** What the collector answered to a fired snippet, as far as this page can tell. */
export type FireOutcome =
  | { kind: 'accepted' }
  | { kind: 'refused'; status: number; message: string }
  /** The request failed, or the browser hid the answer (another origin without CORS headers). */
  | { kind: 'unreadable' }
  /** The snippet chose not to send (no smclient cookie, or it threw). */
  | { kind: 'not-sent' };

/**
 * Runs a generated event snippet in this page the way a shop page would: as an inline script, after
 * setting the smclient cookie it reads. The cookie is scoped to this page's path so it never leaks into
 * the rest of the console. The snippet itself ignores the answer (a shop page must not care); here the
 * one `fetch` it makes is watched, so the page can say what the collector answered instead of "sent".
 */
export async function fireSnippet(html: string, contactId: string): Promise<FireOutcome> {
  const path = window.location.pathname;
  document.cookie = `smclient=${encodeURIComponent(contactId)}; path=${path}; SameSite=Lax`;
  const code = html.replace(/^\s*<script[^>]*>/i, '').replace(/<\/script>\s*$/i, '');
  const script = document.createElement('script');
  // Under a nonce-based Content-Security-Policy a script we add must carry the page's nonce.
  const nonce = document.querySelector<HTMLScriptElement>('script[nonce]')?.nonce;
  if (nonce) script.nonce = nonce;
  script.textContent = code;
  const original = window.fetch;
  let sent: Promise<Response> | undefined;
  // The snippet calls fetch synchronously while the script runs; the wrapper is gone right after.
  window.fetch = (...args: Parameters<typeof fetch>) => (sent = original.apply(window, args));
  try {
    document.body.appendChild(script);
    script.remove();
  } finally {
    window.fetch = original;
  }
  if (!sent) return { kind: 'not-sent' };
  try {
    const res = await sent;
    if (res.type === 'opaque' || res.status === 0) return { kind: 'unreadable' };
    if (res.ok) return { kind: 'accepted' };
    const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
    return { kind: 'refused', status: res.status, message: body?.error?.message ?? res.statusText };
  } catch {
    return { kind: 'unreadable' };
  }
}
