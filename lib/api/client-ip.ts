import net from 'node:net';

/**
 * The caller's address as the custom server worked it out (server.ts overwrites any client-sent
 * `x-client-ip` with clientAddress()'s answer, so it cannot be forged from outside).
 */
export const CLIENT_IP_HEADER = 'x-client-ip';

export function clientIp(req: Request): string {
  return req.headers.get(CLIENT_IP_HEADER) ?? 'unknown';
}

/** An IPv4 address as Node reports it on a dual-stack socket (`::ffff:192.0.2.1`) becomes plain IPv4. */
export function plainAddress(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return mapped ? mapped[1]! : address;
}

/**
 * A forwarded hop as some load balancers write it, with a port (`192.0.2.1:5555`, `[2001:db8::1]:443`)
 * or brackets, as the bare address; anything else as it is (then it is not an address, and stops the walk).
 */
function hopAddress(hop: string): string {
  const bracketed = /^\[([0-9a-f:.]+)\](?::\d{1,5})?$/i.exec(hop);
  if (bracketed) return bracketed[1]!;
  const v4WithPort = /^(\d{1,3}(?:\.\d{1,3}){3}):\d{1,5}$/.exec(hop);
  return v4WithPort ? v4WithPort[1]! : hop;
}

/** The addresses of TRUSTED_PROXIES (lib/config.ts: addresses and CIDR ranges, already checked). */
export function trustedProxyList(entries: readonly string[]): net.BlockList {
  const list = new net.BlockList();
  for (const entry of entries) {
    const [written, prefix] = entry.split('/') as [string, string | undefined];
    // Socket addresses are compared as plain IPv4 (plainAddress), so an entry written mapped is too.
    const address = prefix === undefined ? plainAddress(written) : written;
    const family = net.isIPv6(address) ? 'ipv6' : 'ipv4';
    if (prefix === undefined) list.addAddress(address, family);
    else list.addSubnet(address, Number(prefix), family);
  }
  return list;
}

function isTrusted(trusted: net.BlockList, address: string): boolean {
  const family = net.isIP(address);
  return family !== 0 && trusted.check(address, family === 6 ? 'ipv6' : 'ipv4');
}

/**
 * Who is asking, for the per-address limits (the collector's, sign-in's). The socket's peer, unless that
 * peer is a proxy in `trusted`: then X-Forwarded-For is read from the right (each proxy appends the
 * address it saw) and the first hop that is not a trusted proxy is the client. Anything left of it was
 * written by the client and proves nothing: a client cannot pick its own address by sending the header.
 * A hop that is not an address (a proxy that wrote garbage, or none at all) stops the walk at the proxy
 * that handed it over. With no trusted proxies (the default) the header is never read.
 */
export function clientAddress(
  socketAddress: string | undefined,
  forwardedFor: string | string[] | undefined,
  trusted: net.BlockList,
): string {
  let client = socketAddress ? plainAddress(socketAddress) : 'unknown';
  if (!isTrusted(trusted, client) || forwardedFor === undefined) return client;
  const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor).split(',');
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = plainAddress(hopAddress(hops[i]!.trim()));
    if (net.isIP(hop) === 0) return client;
    client = hop;
    if (!isTrusted(trusted, hop)) return client;
  }
  // Every hop was a trusted proxy: the leftmost is as close to the client as anyone can tell.
  return client;
}
