/**
 * Runs a generated event snippet in this page the way a shop page would: as an inline script, after
 * setting the smclient cookie it reads. The cookie is scoped to this page's path so it never leaks into
 * the rest of the console.
 */
export function fireSnippet(html: string, contactId: string): void {
  const path = window.location.pathname;
  document.cookie = `smclient=${encodeURIComponent(contactId)}; path=${path}; SameSite=Lax`;
  const code = html.replace(/^\s*<script[^>]*>/i, '').replace(/<\/script>\s*$/i, '');
  const script = document.createElement('script');
  // Under a nonce-based Content-Security-Policy a script we add must carry the page's nonce.
  const nonce = document.querySelector<HTMLScriptElement>('script[nonce]')?.nonce;
  if (nonce) script.nonce = nonce;
  script.textContent = code;
  document.body.appendChild(script);
  script.remove();
}
