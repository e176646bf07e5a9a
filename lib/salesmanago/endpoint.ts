// Which addresses the console will send signed requests to. Every request carries the client's API key and
// sha, so the endpoint is an allowlist, not free text: SALESmanago's own domains over https, the built-in
// sandbox, and hosts an administrator allowed through ALLOWED_ENDPOINT_HOSTS.

/** SALESmanago's domains (docs/salesmanago.md §1.3); the apex and any subdomain of each are accepted. */
export const SALESMANAGO_DOMAINS = ['salesmanago.com', 'salesmanago.pl', 'manago.ai', 'emlgrid.com'] as const;

export interface NormalizeEndpointOptions {
  /** Extra 'host' or 'host:port' values; http or https. A bare host allows only the scheme's default port. */
  allowedHosts: string[];
  /** The sandbox's full URL, e.g. 'http://localhost:3000/sandbox'. */
  sandboxUrl: string;
}

export type NormalizedEndpoint =
  | { ok: true; url: string; host: string; kind: 'salesmanago' | 'sandbox' | 'allowed' }
  | { ok: false; message: string };

const EXAMPLE = 'app3.salesmanago.com';

export function isSalesmanagoHost(hostname: string): boolean {
  const h = hostname.toLowerCase();
  // Matching on a dot boundary keeps out evilsalesmanago.com and salesmanago.com.evil.com.
  return SALESMANAGO_DOMAINS.some((d) => h === d || h.endsWith(`.${d}`));
}

export function normalizeEndpoint(input: string, opts: NormalizeEndpointOptions): NormalizedEndpoint {
  const refuse = (why: string): NormalizedEndpoint => ({
    ok: false,
    message: `${why} ${allowedSentence(opts)}`,
  });
  const raw = input.trim();
  if (!raw) return { ok: false, message: `Enter the SALESmanago endpoint, e.g. ${EXAMPLE}.` };
  if (/\s|\\/.test(raw)) return refuse('The endpoint cannot contain spaces or backslashes.');

  const hasScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(raw);
  const sandbox = parseSandbox(opts.sandboxUrl);
  // The sandbox speaks plain http; someone typing "localhost:3000/sandbox" means it, not an https variant.
  if (!hasScheme && sandbox && stripApi(`http://${raw}`) === sandbox.url) return sandbox;

  let url: URL;
  try {
    url = new URL(hasScheme ? raw : `https://${raw}`);
  } catch {
    return refuse(`"${raw}" is not a web address.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return refuse(`The endpoint must start with https:// (not ${url.protocol}//).`);
  }
  if (url.username || url.password) {
    return refuse(
      'The endpoint must not contain a user name or password: the console signs requests itself.',
    );
  }
  if (raw.includes('?') || raw.includes('#')) {
    return refuse('The endpoint must not contain "?" or "#": enter only the server address.');
  }

  const path = stripApi(url.href).slice(url.origin.length);
  if (sandbox && url.origin + path === sandbox.url) return sandbox;
  if (path !== '') {
    return refuse(`Enter only the server address, e.g. https://${EXAMPLE}, without "${url.pathname}".`);
  }

  const allowed = matchAllowed(url, opts.allowedHosts);
  if (allowed) return { ok: true, url: url.origin, host: url.host, kind: 'allowed' };

  if (isSalesmanagoHost(url.hostname)) {
    if (url.protocol !== 'https:') {
      // Safest reading: the official lib silently upgrades http, but a marketer should see what is stored.
      return {
        ok: false,
        message: `SALESmanago endpoints must use https: change it to https://${url.host}.`,
      };
    }
    if (url.port) {
      return { ok: false, message: `SALESmanago endpoints do not use a port number: remove ":${url.port}".` };
    }
    return { ok: true, url: url.origin, host: url.hostname, kind: 'salesmanago' };
  }
  if (isIpLiteral(url.hostname))
    return refuse(`An IP address (${url.hostname}) is not a SALESmanago endpoint.`);
  return refuse(`${url.host} is not a SALESmanago server.`);
}

/** The normalised URL of the input with a trailing "/api" (the address the docs show) and slashes removed. */
function stripApi(href: string): string {
  return href
    .replace(/\/+$/, '')
    .replace(/\/api$/i, '')
    .replace(/\/+$/, '');
}

function parseSandbox(sandboxUrl: string): Extract<NormalizedEndpoint, { ok: true }> | undefined {
  try {
    const u = new URL(sandboxUrl);
    return { ok: true, url: u.origin + u.pathname.replace(/\/+$/, ''), host: u.host, kind: 'sandbox' };
  } catch {
    return undefined;
  }
}

function matchAllowed(url: URL, allowedHosts: string[]): boolean {
  return allowedHosts.some((entry) => {
    // Tolerate a pasted scheme ("http://proxy:8080"): the entry names a host, the candidate's scheme decides.
    const e = entry
      .trim()
      .replace(/^[a-z][a-z0-9+.-]*:\/\//i, '')
      .replace(/\/+$/, '');
    if (!e) return false;
    try {
      // Parsed with the candidate's own scheme so "proxy:80" and "proxy" compare equal for http.
      const allowed = new URL(`${url.protocol}//${e}`);
      return allowed.host === url.host;
    } catch {
      return false;
    }
  });
}

function isIpLiteral(hostname: string): boolean {
  return hostname.startsWith('[') || /^\d{1,3}(\.\d{1,3}){3}$/.test(hostname);
}

function allowedSentence(opts: NormalizeEndpointOptions): string {
  const domains = SALESMANAGO_DOMAINS.map((d) => `*.${d}`).join(', ');
  const parts = [`a SALESmanago server over https (${domains}, e.g. ${EXAMPLE})`];
  const sandbox = parseSandbox(opts.sandboxUrl);
  if (sandbox) parts.push(`the built-in sandbox (${sandbox.url})`);
  const extra = opts.allowedHosts.map((h) => h.trim()).filter(Boolean);
  if (extra.length) parts.push(`these hosts allowed by your administrator: ${extra.join(', ')}`);
  const last = parts.pop();
  return `Accepted: ${parts.length ? `${parts.join(', ')} or ${last}` : last}.`;
}
