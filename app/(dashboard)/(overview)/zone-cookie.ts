/**
 * The viewer's time zone, remembered in a cookie so the server can draw the overview's days right on the
 * next visit instead of a skeleton (the zone is not a secret: every page the browser loads can read it).
 * Until the browser has said it once, the overview is fetched after hydration.
 */
export const ZONE_COOKIE = 'sm_tz';

export function rememberZone(zone: string): void {
  document.cookie = `${ZONE_COOKIE}=${encodeURIComponent(zone)}; Path=/; Max-Age=31536000; SameSite=Lax`;
}
