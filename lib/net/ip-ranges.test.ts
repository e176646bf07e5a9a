import { describe, expect, it } from 'vitest';

import { blockedAddressReason } from './ip-ranges';

// Pure address arithmetic: nothing here opens a connection or asks DNS.
describe('blockedAddressReason', () => {
  it.each([
    ['127.0.0.1', /loopback/],
    ['127.255.0.9', /loopback/],
    ['0.0.0.0', /this network/],
    ['0.1.2.3', /this network/],
    ['10.0.0.1', /private/],
    ['172.16.0.1', /private/],
    ['172.31.255.255', /private/],
    ['192.168.1.1', /private/],
    ['169.254.169.254', /link-local/],
    ['100.64.0.1', /carrier-grade NAT/],
    ['100.127.255.254', /carrier-grade NAT/],
    ['224.0.0.1', /multicast/],
    ['239.255.255.250', /multicast/],
    ['255.255.255.255', /reserved/],
    ['192.0.2.10', /reserved/],
    ['::1', /loopback/],
    ['[::1]', /loopback/],
    ['::', /unspecified/],
    ['fe80::1', /link-local/],
    ['fe80::1%eth0', /link-local/],
    ['fc00::1', /unique-local/],
    ['fd12:3456::1', /unique-local/],
    ['ff02::1', /multicast/],
    ['::ffff:127.0.0.1', /loopback.*IPv6 form/],
    ['::ffff:7f00:1', /loopback.*IPv6 form/],
    ['::ffff:10.1.2.3', /private.*IPv6 form/],
    ['::ffff:169.254.169.254', /link-local/],
    ['::ffff:100.64.0.1', /carrier-grade/],
    ['::127.0.0.1', /loopback/],
    ['64:ff9b::a9fe:a9fe', /link-local/],
    ['2002:c0a8:101::1', /private.*IPv6 form/],
    ['2001:db8::1', /reserved/],
    ['not-an-ip', /not a valid IP/],
  ])('refuses %s', (ip, reason) => {
    expect(blockedAddressReason(ip)).toMatch(reason);
  });

  it.each([
    '8.8.8.8',
    '1.1.1.1',
    '100.128.0.1',
    '172.32.0.1',
    '192.169.0.1',
    '2606:4700::1111',
    '::ffff:8.8.8.8',
    '2a00:1450:4001::1',
  ])('allows the public address %s', (ip) => {
    expect(blockedAddressReason(ip)).toBeUndefined();
  });
});
