import { describe, expect, it } from 'vitest';

import { corsHeaders, preflight } from './cors';

const patterns = ['https://shop.example.com', 'https://*.example.org'];

describe('corsHeaders', () => {
  it('echoes an allowed origin, never *, and never allows credentials', () => {
    const headers = corsHeaders('https://shop.example.com', { allowed: true });
    expect(headers['Access-Control-Allow-Origin']).toBe('https://shop.example.com');
    expect(headers.Vary).toBe('Origin');
    expect(headers['Access-Control-Expose-Headers']).toBe('Retry-After');
    expect(headers).not.toHaveProperty('Access-Control-Allow-Credentials');
  });

  it('gives a refused origin no allow header, only Vary', () => {
    expect(corsHeaders('https://evil.example', { allowed: false })).toEqual({ Vary: 'Origin' });
    expect(corsHeaders(null, { allowed: true })).toEqual({ Vary: 'Origin' });
  });
});

describe('preflight', () => {
  const ask = (origin: string | null, method = 'POST', headers = 'content-type') =>
    preflight({ origin, method, headers }, patterns);

  it('allows POST with content-type from an allowed origin', () => {
    const result = ask('https://a.example.org');
    expect(result.status).toBe(204);
    expect(result.headers).toEqual({
      'Access-Control-Allow-Origin': 'https://a.example.org',
      'Access-Control-Allow-Methods': 'POST, OPTIONS',
      'Access-Control-Allow-Headers': 'content-type',
      'Access-Control-Max-Age': '600',
      Vary: 'Origin',
    });
    expect(result.headers).not.toHaveProperty('Access-Control-Allow-Credentials');
  });

  it('accepts header lists in any case and spacing, and none at all', () => {
    expect(ask('https://shop.example.com', 'POST', ' Content-Type ').status).toBe(204);
    expect(ask('https://shop.example.com', 'POST', '').status).toBe(204);
  });

  it('refuses an origin that is not listed, without an allow-origin header', () => {
    for (const origin of ['https://evil.example', 'https://example.org', null, 'null']) {
      const result = ask(origin);
      expect(result.status).toBe(403);
      expect(result.headers).toEqual({ Vary: 'Origin' });
    }
  });

  it('refuses other methods and headers', () => {
    expect(ask('https://shop.example.com', 'PUT').status).toBe(403);
    expect(ask('https://shop.example.com', 'DELETE').status).toBe(403);
    expect(ask('https://shop.example.com', 'POST', 'content-type, authorization').status).toBe(403);
    expect(ask('https://shop.example.com', 'POST', 'x-api-key').status).toBe(403);
  });

  it('refuses everything when the list is empty (unknown or disabled collector)', () => {
    expect(preflight({ origin: 'https://shop.example.com', method: 'POST', headers: '' }, []).status).toBe(
      403,
    );
  });
});
