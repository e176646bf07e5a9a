/** Set by server.ts on every request so server pages can send people back where they were. */
export const REQUEST_PATH_HEADER = 'x-request-path';

// Pages that make no sense to return to after signing in (and would loop).
const NOT_AFTER_LOGIN = /^\/(login|setup|api)(\/|$)/;

/**
 * The path to open after signing in: only a page of the console itself, anything else is `/`.
 * Shared by the server redirect (/login for a signed-in user, the sign-in link) and the sign-in form.
 *
 * The value is resolved with the URL parser against the console's own origin and accepted only when
 * the origin stays the same. Nothing is stripped or pattern-matched beforehand: the parser is what the
 * browser runs, so every spelling it reads as another host (`/\tevil`, `/\evil`, `//evil`, ` //evil`,
 * `https:evil`) is seen as that host here too. The answer is the serialized path, in which control
 * characters, spaces and non-ASCII are percent-encoded, so it is always a valid Location header.
 * That path is checked again the same way, because a same-origin URL can serialize to one that is not:
 * `/./\evil.test` has the path `//evil.test`, which a browser reads as the host evil.test.
 */
export function safeNextPath(value: string | null | undefined, origin: string): string {
  if (typeof value !== 'string' || !value) return '/';
  let base: URL;
  let url: URL;
  try {
    base = new URL(origin);
    url = new URL(value, base);
  } catch {
    return '/';
  }
  if (url.origin !== base.origin || url.username || url.password) return '/';
  if (NOT_AFTER_LOGIN.test(url.pathname)) return '/';
  const path = `${url.pathname}${url.search}${url.hash}`;
  return new URL(path, base).origin === base.origin ? path : '/';
}
