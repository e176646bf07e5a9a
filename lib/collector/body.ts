/**
 * Reading a collector request's body: which content types carry the event, and the optional `pageUrl`
 * that travels next to the event fields.
 */

/** The same limit as SALESmanago's description field; real page URLs are far shorter. */
export const PAGE_URL_MAX_LENGTH = 2048;

// text/plain is what the generated snippet sends (a "simple" request, no preflight); application/json is
// what a developer's own fetch usually says. Parameters such as charset=UTF-8 are fine.
export function acceptedContentType(contentType: string | null): boolean {
  if (contentType === null) return false;
  const media = contentType.split(';', 1)[0]!.trim().toLowerCase();
  return media === 'text/plain' || media === 'application/json';
}

export type PageUrlResult = { ok: true; value: string | null } | { ok: false; message: string };

/** `pageUrl` rides next to the event fields but is not one, so it comes out before the event schema. */
export function splitPageUrl(json: unknown): { event: unknown; pageUrl: PageUrlResult } {
  if (typeof json !== 'object' || json === null || Array.isArray(json) || !('pageUrl' in json)) {
    return { event: json, pageUrl: { ok: true, value: null } };
  }
  const { pageUrl, ...event } = json as Record<string, unknown>;
  return { event, pageUrl: checkPageUrl(pageUrl) };
}

function checkPageUrl(value: unknown): PageUrlResult {
  if (value === undefined || value === null || value === '') return { ok: true, value: null };
  const problem = 'Page URL must be the http(s) address of the page, e.g. location.href.';
  if (typeof value !== 'string') return { ok: false, message: problem };
  if (value.length > PAGE_URL_MAX_LENGTH) {
    return { ok: false, message: `Page URL can be at most ${PAGE_URL_MAX_LENGTH} characters.` };
  }
  return httpUrl(value) ? { ok: true, value } : { ok: false, message: problem };
}

// Browsers trim a cross-origin Referer to the origin by default; still better than nothing for the history.
export function pageUrlFromReferer(referer: string | null): string | null {
  return referer !== null && referer.length <= PAGE_URL_MAX_LENGTH && httpUrl(referer) ? referer : null;
}

function httpUrl(value: string): boolean {
  if (!/^https?:\/\//i.test(value)) return false;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}
