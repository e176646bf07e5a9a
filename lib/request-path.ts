/** Set by server.ts on every request so server pages can send people back where they were. */
export const REQUEST_PATH_HEADER = 'x-request-path';

/** Only same-site relative paths are followed after login (no `//evil.example` open redirects). */
export function safeNextPath(value: string | null | undefined): string {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return '/';
  if (value.startsWith('/login') || value.startsWith('/setup') || value.startsWith('/api/')) return '/';
  return value;
}
