/**
 * Allowed origins of the public collector: the settings form normalises what a marketer types, and
 * every collector request is matched against the stored patterns. Pure and allocation-light, because
 * the custom server runs the match on every event a shop page sends.
 */

export type OriginPatternResult = { ok: true; pattern: string } | { ok: false; message: string };

const EXAMPLE = 'https://shop.example.com';
const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;

function quote(value: string, max = 60): string {
  return `"${value.length > max ? `${value.slice(0, max)}…` : value}"`;
}

/**
 * Turns `https://Shop.Example.com/` into `https://shop.example.com`, the exact form a browser sends in
 * its Origin header (lower case, punycode, no default port), so matching can compare strings.
 * A wildcard is allowed only as the whole first label: `https://*.example.com`.
 */
export function normalizeOriginPattern(input: string): OriginPatternResult {
  const raw = typeof input === 'string' ? input.trim() : '';
  if (raw === '') return { ok: false, message: `Enter a website address such as ${EXAMPLE}.` };
  if (/^(?:[a-z][a-z0-9+.-]*:\/\/)?\*(?:[/:].*)?$/i.test(raw)) {
    // "Any website" would let every page on the internet send events in the shop's name.
    return {
      ok: false,
      message: `${quote(raw)} would allow every website. List each website instead, e.g. ${EXAMPLE} or https://*.example.com.`,
    };
  }
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(raw);
  if (!scheme) {
    return { ok: false, message: `${quote(raw)} needs its scheme: write it like ${EXAMPLE}.` };
  }
  const protocol = scheme[1]!.toLowerCase();
  if (protocol !== 'https' && protocol !== 'http') {
    return {
      ok: false,
      message: `${quote(raw)} is not a website address: it must start with https:// or http://.`,
    };
  }
  const rest = raw.slice(scheme[0].length);
  const end = rest.search(/[/?#\\]/);
  const authority = end === -1 ? rest : rest.slice(0, end);
  // Only a single trailing slash may follow: browsers send the origin alone, never a path.
  if (end !== -1 && rest.slice(end) !== '/') {
    return {
      ok: false,
      message: `${quote(raw)} has a path: browsers send only the scheme, host and port, e.g. ${protocol}://${authority}.`,
    };
  }
  if (authority.includes('@')) {
    return {
      ok: false,
      message: `${quote(raw)} contains a user name or password; remove it, e.g. ${EXAMPLE}.`,
    };
  }
  const wildcard = authority.startsWith('*.');
  const hostPort = wildcard ? authority.slice(2) : authority;
  if (hostPort.includes('*')) {
    return {
      ok: false,
      message: `${quote(raw)}: a wildcard can only stand for the first part of the host, like https://*.example.com.`,
    };
  }
  let url: URL;
  try {
    url = new URL(`${protocol}://${hostPort}`);
  } catch {
    return { ok: false, message: `${quote(raw)} is not a valid website address. Write it like ${EXAMPLE}.` };
  }
  if (url.hostname === '') {
    return { ok: false, message: `${quote(raw)} has no host name. Write it like ${EXAMPLE}.` };
  }
  if (wildcard) {
    const base = url.hostname.replace(/\.$/, '');
    // Keep it simple instead of shipping the public-suffix list: "*.com" or "*.localhost" name no one
    // site, so the part after "*." needs at least two labels. (*.co.uk still passes; it is rare enough.)
    if (!base.includes('.') || IPV4.test(base) || base.startsWith('[')) {
      return {
        ok: false,
        message: `${quote(raw)} is too broad: after "*." write a domain you own, like https://*.example.com.`,
      };
    }
    return { ok: true, pattern: `${protocol}://*.${url.host}` };
  }
  return { ok: true, pattern: url.origin };
}

// What a browser's Origin header can look like: scheme, host (name, IPv4 or [IPv6]) and an optional port.
const ORIGIN = /^(https?):\/\/([a-z0-9_-]+(?:\.[a-z0-9_-]+)*\.?|\[[0-9a-f:.]+\])(?::(\d{1,5}))?$/;
// One or more complete labels in front of the wildcard's base domain.
const SUBDOMAIN_PREFIX = /^[a-z0-9_-]+(?:\.[a-z0-9_-]+)*$/;

/**
 * Whether a request's Origin header is on the list. Exact patterns must equal the origin (scheme, host
 * and port). `https://*.example.com` matches `https://a.example.com` and `https://a.b.example.com` on a
 * dot boundary, but not `https://example.com` itself (list it separately when the apex sends events too),
 * nor `https://evilexample.com` or `https://example.com.evil.net`. A missing Origin and the opaque
 * `null` (sandboxed iframes, file:// pages, some redirects) are never allowed: they cannot be tied to a site.
 */
export function originAllowed(origin: string | null, patterns: readonly string[]): boolean {
  if (origin === null || patterns.length === 0) return false;
  const value = origin.toLowerCase();
  const m = ORIGIN.exec(value);
  if (!m) return false;
  const [, scheme, host, port] = m as unknown as [string, string, string, string | undefined];
  for (const pattern of patterns) {
    if (pattern === value) return true;
    const star = pattern.indexOf('://*.');
    if (star === -1 || pattern.slice(0, star) !== scheme) continue;
    const base = pattern.slice(star + '://*.'.length);
    const colon = base.lastIndexOf(':');
    const baseHost = colon === -1 ? base : base.slice(0, colon);
    const basePort = colon === -1 ? undefined : base.slice(colon + 1);
    if (basePort !== port) continue;
    if (!host.endsWith(`.${baseHost}`)) continue;
    if (SUBDOMAIN_PREFIX.test(host.slice(0, host.length - baseHost.length - 1))) return true;
  }
  return false;
}
