import { describe, expect, it } from 'vitest';

import { clientAddress, trustedProxyList } from './client-ip';

const NONE = trustedProxyList([]);
const NGINX = trustedProxyList(['127.0.0.1']);
const NGINX_AND_CDN = trustedProxyList(['127.0.0.1', '10.0.0.0/8', 'fd00::/8']);

describe('clientAddress', () => {
  it('is the socket peer when no proxy is trusted, whatever X-Forwarded-For claims', () => {
    expect(clientAddress('203.0.113.9', undefined, NONE)).toBe('203.0.113.9');
    expect(clientAddress('203.0.113.9', '198.51.100.1', NONE)).toBe('203.0.113.9');
    // The default: a console straight on the internet counts even loopback's header as its own.
    expect(clientAddress('127.0.0.1', '198.51.100.1', NONE)).toBe('127.0.0.1');
  });

  it('ignores X-Forwarded-For sent by a peer that is not a trusted proxy (a spoofed header)', () => {
    expect(clientAddress('203.0.113.9', '127.0.0.1', NGINX)).toBe('203.0.113.9');
    expect(clientAddress('203.0.113.9', '198.51.100.1, 127.0.0.1', NGINX)).toBe('203.0.113.9');
  });

  it('behind a trusted proxy, is the address the proxy appended, not what the client wrote before it', () => {
    // nginx's $proxy_add_x_forwarded_for: the client's own header, then the address nginx saw.
    expect(clientAddress('127.0.0.1', '198.51.100.1', NGINX)).toBe('198.51.100.1');
    expect(clientAddress('127.0.0.1', '192.0.2.66, 198.51.100.1', NGINX)).toBe('198.51.100.1');
    expect(clientAddress('127.0.0.1', ['192.0.2.66', '198.51.100.1'], NGINX)).toBe('198.51.100.1');
  });

  it('walks through a chain of trusted proxies (ranges too) to the first address that is not one', () => {
    expect(clientAddress('127.0.0.1', '192.0.2.66, 198.51.100.1, 10.1.2.3', NGINX_AND_CDN)).toBe(
      '198.51.100.1',
    );
    // A client that writes a trusted address first gains nothing: the hop nginx saw is still to its right.
    expect(clientAddress('127.0.0.1', '10.9.9.9, 198.51.100.1', NGINX_AND_CDN)).toBe('198.51.100.1');
    expect(clientAddress('127.0.0.1', '2001:db8::5, fd00::1', NGINX_AND_CDN)).toBe('2001:db8::5');
  });

  it('stops at a hop that is not an address, at the proxy that handed it over', () => {
    expect(clientAddress('127.0.0.1', 'unknown', NGINX)).toBe('127.0.0.1');
    expect(clientAddress('127.0.0.1', '198.51.100.1, not-an-ip', NGINX)).toBe('127.0.0.1');
    expect(clientAddress('127.0.0.1', '198.51.100.1, not-an-ip, 10.1.2.3', NGINX_AND_CDN)).toBe('10.1.2.3');
  });

  it('is the leftmost hop when every hop is a trusted proxy, and the proxy itself without the header', () => {
    expect(clientAddress('127.0.0.1', '10.1.2.3, 127.0.0.1', NGINX_AND_CDN)).toBe('10.1.2.3');
    expect(clientAddress('127.0.0.1', undefined, NGINX)).toBe('127.0.0.1');
  });

  it('reads an IPv4 peer on a dual-stack socket as IPv4', () => {
    expect(clientAddress('::ffff:127.0.0.1', '198.51.100.1', NGINX)).toBe('198.51.100.1');
    expect(clientAddress('::ffff:203.0.113.9', undefined, NONE)).toBe('203.0.113.9');
    expect(clientAddress(undefined, '198.51.100.1', NGINX)).toBe('unknown');
  });

  it('reads hops written with a port or brackets as their address', () => {
    expect(clientAddress('127.0.0.1', '198.51.100.1:5555', NGINX)).toBe('198.51.100.1');
    expect(clientAddress('127.0.0.1', '[2001:db8::1]:443', NGINX)).toBe('2001:db8::1');
    expect(clientAddress('127.0.0.1', '[2001:db8::2]', NGINX)).toBe('2001:db8::2');
    // A port on something that is not an address stays not an address.
    expect(clientAddress('127.0.0.1', 'evil:80', NGINX)).toBe('127.0.0.1');
  });

  it('trusts a proxy listed in its IPv4-mapped form as the plain IPv4 peer it is', () => {
    expect(clientAddress('::ffff:10.0.0.1', '198.51.100.7', trustedProxyList(['::ffff:10.0.0.1']))).toBe(
      '198.51.100.7',
    );
  });
});
