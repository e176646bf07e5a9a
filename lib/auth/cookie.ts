import { config } from '@/lib/config';

export const SESSION_COOKIE = 'sm_session';

/** Secure only when the console is served over https, so it also works on http://localhost. */
export function sessionCookieAttributes(expiresAt: number) {
  return {
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: config().publicUrl.startsWith('https://'),
    path: '/',
    expires: new Date(expiresAt),
  };
}

/** Reads one cookie from a raw Cookie header. */
export function readCookie(header: string | null, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() !== name) continue;
    try {
      return decodeURIComponent(part.slice(eq + 1).trim());
    } catch {
      return undefined; // Malformed %-encoding: no cookie of ours looks like that.
    }
  }
  return undefined;
}
