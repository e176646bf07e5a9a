/**
 * Hosts an operator lets the server-side fetch reach although they resolve to a non-public
 * address: `SNIPPET_FETCH_ALLOW_HOSTS=127.0.0.1:4000,staging.shop.internal,[::1]:8080`.
 * An entry without a port allows every port of that host. Matching is on the host name as written
 * in the URL, never on what it resolves to, so an allowed name cannot be borrowed by another one.
 */
import { isIPv6 } from 'node:net';

export type AllowHost = { host: string; port?: number };

const BRACKETED = /^\[([^\]]+)\](?::(\d{1,5}))?$/;
const PLAIN = /^([^:[\]\s]+)(?::(\d{1,5}))?$/;

function entry(raw: string): AllowHost | undefined {
  const text = raw.trim().toLowerCase();
  if (!text) return undefined;
  if (isIPv6(text)) return { host: text };
  const match = BRACKETED.exec(text) ?? PLAIN.exec(text);
  if (!match?.[1]) return undefined;
  const port = match[2] === undefined ? undefined : Number(match[2]);
  if (port !== undefined && (port < 1 || port > 65535)) return undefined;
  return port === undefined ? { host: match[1] } : { host: match[1], port };
}

/** Reads the comma-separated list; entries that are not `host[:port]` are skipped. */
export function parseAllowHosts(text: string | undefined): AllowHost[] {
  return (text ?? '')
    .split(',')
    .map(entry)
    .filter((e): e is AllowHost => e !== undefined);
}

/** The URL's host without IPv6 brackets, lower case. */
export function bareHostname(url: URL): string {
  return url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
}

export function defaultPort(url: URL): number {
  return url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
}

export function isAllowedHost(url: URL, allowHosts: readonly AllowHost[]): boolean {
  const host = bareHostname(url);
  const port = defaultPort(url);
  return allowHosts.some((a) => a.host === host && (a.port === undefined || a.port === port));
}
