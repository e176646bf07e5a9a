/**
 * Which IP addresses a server-side fetch must never reach: everything that is not the public
 * internet (this machine, the private network, cloud metadata, multicast, reserved space), also when
 * an IPv6 form carries one of those IPv4 addresses inside it (::ffff:127.0.0.1, 64:ff9b::a00:1, 2002:7f00:1::).
 */
import { isIPv4, isIPv6 } from 'node:net';

type Range = { base: bigint; bits: number; reason: string };

const LOOPBACK = 'a loopback address (this server itself)';
const PRIVATE = 'a private network address';
const LINK_LOCAL = 'a link-local address (where cloud servers keep their metadata)';
const MULTICAST = 'a multicast address';
const RESERVED = 'a reserved address that is not on the public internet';

function v4ToBigInt(ip: string): bigint {
  return ip.split('.').reduce((acc, part) => (acc << 8n) | BigInt(Number(part)), 0n);
}

function v6ToBigInt(ip: string): bigint {
  let text = ip;
  // A trailing dotted quad (::ffff:1.2.3.4) becomes two hextets.
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted?.[1]) {
    const v4 = v4ToBigInt(dotted[1]);
    text = `${text.slice(0, -dotted[1].length)}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups =
    tail === undefined ? left : [...left, ...Array(8 - left.length - right.length).fill('0'), ...right];
  return groups.reduce((acc, group) => (acc << 16n) | BigInt(parseInt(group || '0', 16)), 0n);
}

const range = (cidr: string, reason: string, toInt: (ip: string) => bigint): Range => {
  const [ip = '', bits = '0'] = cidr.split('/');
  return { base: toInt(ip), bits: Number(bits), reason };
};

const V4_RANGES: Range[] = [
  ['0.0.0.0/8', 'a "this network" address (0.0.0.0/8)'],
  ['10.0.0.0/8', PRIVATE],
  ['100.64.0.0/10', 'a carrier-grade NAT address (100.64.0.0/10), used inside providers’ networks'],
  ['127.0.0.0/8', LOOPBACK],
  ['169.254.0.0/16', LINK_LOCAL],
  ['172.16.0.0/12', PRIVATE],
  ['192.0.0.0/24', RESERVED],
  ['192.0.2.0/24', RESERVED],
  ['192.168.0.0/16', PRIVATE],
  ['198.18.0.0/15', RESERVED],
  ['198.51.100.0/24', RESERVED],
  ['203.0.113.0/24', RESERVED],
  ['224.0.0.0/4', MULTICAST],
  ['240.0.0.0/4', RESERVED],
].map(([cidr, reason]) => range(cidr!, reason!, v4ToBigInt));

const V6_RANGES: Range[] = [
  ['::/128', 'the unspecified address (::)'],
  ['::1/128', LOOPBACK],
  ['64:ff9b:1::/48', RESERVED],
  ['100::/64', RESERVED],
  // Teredo hides the client's IPv4 address inside; nothing a shop's page needs.
  ['2001::/32', RESERVED],
  ['2001:db8::/32', RESERVED],
  ['fc00::/7', 'a unique-local address (a private IPv6 network)'],
  ['fe80::/10', LINK_LOCAL],
  ['fec0::/10', PRIVATE],
  ['ff00::/8', MULTICAST],
].map(([cidr, reason]) => range(cidr!, reason!, v6ToBigInt));

/** IPv6 ranges that carry an IPv4 address in some of their bits: judged by that IPv4 address. */
const V6_EMBEDDING: Array<{ prefix: Range; shift: bigint }> = [
  { prefix: range('::ffff:0:0/96', '', v6ToBigInt), shift: 0n }, // IPv4-mapped
  { prefix: range('::/96', '', v6ToBigInt), shift: 0n }, // IPv4-compatible (deprecated)
  { prefix: range('64:ff9b::/96', '', v6ToBigInt), shift: 0n }, // NAT64
  { prefix: range('2002::/16', '', v6ToBigInt), shift: 80n }, // 6to4
];

function inRange(value: bigint, r: Range, width: number): boolean {
  const hostBits = BigInt(width - r.bits);
  return value >> hostBits === r.base >> hostBits;
}

function v4Reason(value: bigint): string | undefined {
  return V4_RANGES.find((r) => inRange(value, r, 32))?.reason;
}

/**
 * Why `ip` must not be fetched, as words for a sentence ("a private network address"), or
 * undefined for a public address. Anything that is not a valid IP literal is refused too.
 */
export function blockedAddressReason(ip: string): string | undefined {
  const address = ip.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  if (isIPv4(address)) return v4Reason(v4ToBigInt(address));
  if (!isIPv6(address)) return 'not a valid IP address';
  const value = v6ToBigInt(address);
  // First: :: and ::1 sit inside ::/96 too, and are better named as themselves.
  const own = V6_RANGES.find((r) => inRange(value, r, 128))?.reason;
  if (own) return own;
  for (const { prefix, shift } of V6_EMBEDDING) {
    if (!inRange(value, prefix, 128)) continue;
    const reason = v4Reason((value >> shift) & 0xffffffffn);
    if (reason) return `${reason}, written in an IPv6 form`;
  }
  return undefined;
}
