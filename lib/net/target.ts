import 'server-only';
import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';

import { bareHostname, defaultPort, isAllowedHost, type AllowHost } from './allow-hosts';
import { blockedAddressReason } from './ip-ranges';

/**
 * Whether the server may connect to a URL a user typed (a page to check, a webhook to call): the host
 * is resolved and every address judged BEFORE connecting, and the caller then pins the connection to
 * the judged address (`pinnedLookup`), so a second DNS answer (DNS rebinding) cannot swap in 127.0.0.1.
 */

export type ResolvedAddress = { address: string; family: 4 | 6 };
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

/** Why a target was refused: `detail` completes a sentence that starts with the host's name. */
export class TargetRefusedError extends Error {
  constructor(
    readonly code: 'blocked' | 'dns',
    readonly detail: string,
  ) {
    super(detail);
    this.name = 'TargetRefusedError';
  }
}

export const systemResolve: Resolver = async (hostname) => {
  const answers = await dns.promises.lookup(hostname, { all: true, verbatim: true });
  return answers.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
};

/** A `lookup` for http.request that answers with the already-checked address, whatever it is asked. */
export function pinnedLookup(target: ResolvedAddress): LookupFunction {
  return ((_hostname: string, options: unknown, callback?: unknown) => {
    const cb = (typeof options === 'function' ? options : callback) as (...args: unknown[]) => void;
    const all = typeof options === 'object' && options !== null && (options as { all?: boolean }).all;
    if (all) cb(null, [{ address: target.address, family: target.family }]);
    else cb(null, target.address, target.family);
  }) as LookupFunction;
}

/**
 * The address to connect to, or TargetRefusedError: 'blocked' when the host is this server or any of
 * its addresses is not public (unless `allowHosts` names it), 'dns' when it does not resolve.
 */
export async function judgeTarget(
  url: URL,
  opts: { allowHosts: readonly AllowHost[]; resolve: Resolver },
): Promise<ResolvedAddress> {
  const host = bareHostname(url);
  const allowed = isAllowedHost(url, opts.allowHosts);
  if (!allowed && (host === 'localhost' || host.endsWith('.localhost'))) {
    throw new TargetRefusedError('blocked', 'is this server itself');
  }
  const literal = isIP(host);
  let addresses: ResolvedAddress[];
  if (literal) addresses = [{ address: host, family: literal === 6 ? 6 : 4 }];
  else {
    try {
      addresses = await opts.resolve(host);
    } catch {
      addresses = [];
    }
    if (addresses.length === 0) throw new TargetRefusedError('dns', 'could not be found');
  }
  if (!allowed) {
    // Every answer must be public: a mixed answer would let the connection pick the private one.
    for (const { address } of addresses) {
      const reason = blockedAddressReason(address);
      if (reason)
        throw new TargetRefusedError('blocked', literal ? `is ${reason}` : `points to ${address}, ${reason}`);
    }
  }
  return addresses[0]!;
}

/** "<host> could not be reached: <why>." for a failed connection, worded for the person who typed the URL. */
export function unreachable(err: unknown, url: URL): string {
  const code = (err as { code?: string }).code;
  const why =
    code === 'ECONNREFUSED'
      ? 'the server refused the connection'
      : code === 'ECONNRESET'
        ? 'the server closed the connection'
        : code?.startsWith('ERR_TLS') || code?.includes('CERT')
          ? 'its HTTPS certificate is not valid'
          : code?.startsWith('Z_') || code?.startsWith('ERR__ERROR')
            ? 'its compressed answer could not be read'
            : 'the connection failed';
  return `${url.host} could not be reached: ${why}.`;
}

/**
 * Request options that connect to the judged address only, with no shared agent (a kept-alive socket
 * could belong to another name), and the request function for the URL's protocol.
 */
export function pinnedRequest(
  url: URL,
  target: ResolvedAddress,
): { request: typeof http.request; options: https.RequestOptions } {
  const host = bareHostname(url);
  return {
    request: url.protocol === 'https:' ? https.request : http.request,
    options: {
      protocol: url.protocol,
      hostname: host,
      port: defaultPort(url),
      path: `${url.pathname}${url.search}`,
      agent: false,
      lookup: pinnedLookup(target),
      // SNI and the certificate check use the name the user typed, not the pinned address.
      ...(isIP(host) ? {} : { servername: host }),
    },
  };
}
