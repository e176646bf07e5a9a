import { describe, expect, it } from 'vitest';

import type { CollectorIntegration } from '@/lib/data/collector';
import {
  COLLECTOR_MAX_BODY_BYTES,
  DEFAULT_ALLOWED_TYPES,
  createCollectorLimiters,
  handleCollect,
  refusalCause,
  type CollectInput,
  type CollectResult,
  type CollectorLimiters,
} from './handle';

const UUID = '3521dc0f-a934-4b6c-bb08-84f2e144047d';
const ORIGIN = 'https://shop.example.com';
const NOW = Date.UTC(2025, 5, 1, 12);

const integrations: Record<string, CollectorIntegration> = {
  ck_live: {
    id: 7,
    name: 'Example shop',
    enabled: true,
    allowedOrigins: [ORIGIN, 'https://*.example.org'],
    allowedTypes: [...DEFAULT_ALLOWED_TYPES],
  },
  ck_off: { id: 8, name: 'Off', enabled: false, allowedOrigins: [ORIGIN], allowedTypes: ['CART'] },
};

function setup(limits: Parameters<typeof createCollectorLimiters>[0] = {}) {
  const limiters: CollectorLimiters = createCollectorLimiters(limits);
  const deps = { findIntegration: (key: string) => integrations[key], limiters };
  return (overrides: Partial<CollectInput> = {}): CollectResult =>
    handleCollect(
      {
        collectorKey: 'ck_live',
        method: 'POST',
        origin: ORIGIN,
        contentType: 'text/plain;charset=UTF-8',
        ip: '203.0.113.5',
        userAgent: 'Mozilla/5.0',
        referer: `${ORIGIN}/`,
        body: JSON.stringify({ type: 'cart', contactId: UUID, value: 89.5, pageUrl: `${ORIGIN}/cart` }),
        bodyTooLarge: false,
        now: NOW,
        ...overrides,
      },
      deps,
    );
}

function refused(result: CollectResult) {
  if (result.kind !== 'refused') throw new Error(`expected a refusal, got ${result.kind}`);
  expect(result).not.toHaveProperty('delivery');
  return result;
}

describe('preflight', () => {
  it('allows an allowed origin', () => {
    const result = setup()({
      method: 'OPTIONS',
      body: '',
      accessControlRequestMethod: 'POST',
      accessControlRequestHeaders: 'content-type',
    });
    expect(result).toMatchObject({ kind: 'preflight', status: 204, body: null });
    expect(result.headers['Access-Control-Allow-Origin']).toBe(ORIGIN);
    expect(result.headers['Access-Control-Max-Age']).toBe('600');
  });

  it('refuses an unlisted origin and an unknown or disabled key alike', () => {
    const send = setup();
    const base = { method: 'OPTIONS', body: '', accessControlRequestMethod: 'POST' };
    for (const result of [
      send({ ...base, origin: 'https://evil.example' }),
      send({ ...base, collectorKey: 'ck_nope' }),
      send({ ...base, collectorKey: 'ck_off' }),
    ]) {
      expect(result.status).toBe(403);
      expect(result.headers).not.toHaveProperty('Access-Control-Allow-Origin');
    }
  });
});

describe('accepted events', () => {
  it('accepts a text/plain JSON body and hands over the parsed event', () => {
    const result = setup()();
    if (result.kind !== 'accepted') throw new Error(JSON.stringify(result.body));
    expect(result.status).toBe(202);
    expect(result.body).toEqual({ accepted: true });
    expect(result.headers['Access-Control-Allow-Origin']).toBe(ORIGIN);
    expect(result.headers.Vary).toBe('Origin');
    expect(result.delivery).toEqual({
      integrationId: 7,
      event: { type: 'CART', contactId: UUID, value: 89.5, date: NOW },
      pageUrl: `${ORIGIN}/cart`,
      origin: ORIGIN,
      userAgent: 'Mozilla/5.0',
    });
  });

  it('accepts application/json, keeps the sent date and falls back to the Referer for the page', () => {
    const date = NOW - 60_000;
    const result = setup()({
      contentType: 'application/json',
      origin: 'https://a.example.org',
      referer: 'https://a.example.org/',
      body: JSON.stringify({ type: 'VISIT', email: 'jan@example.com', date }),
    });
    if (result.kind !== 'accepted') throw new Error(JSON.stringify(result.body));
    expect(result.delivery.event).toMatchObject({ type: 'VISIT', email: 'jan@example.com', date });
    expect(result.delivery.pageUrl).toBe('https://a.example.org/');
    expect(result.delivery.origin).toBe('https://a.example.org');
  });
});

describe('refusals', () => {
  it('405 for other methods', () => {
    const result = refused(setup()({ method: 'GET' }));
    expect(result.status).toBe(405);
    expect(result.headers.Allow).toBe('POST, OPTIONS');
  });

  it('404 for an unknown or disabled key, with the same answer', () => {
    const send = setup();
    const unknown = refused(send({ collectorKey: 'ck_nope' }));
    const off = refused(send({ collectorKey: 'ck_off' }));
    expect(unknown.status).toBe(404);
    expect(off.status).toBe(404);
    expect(off.body).toEqual(unknown.body);
    expect(unknown.body.error.code).toBe('not_found');
  });

  it('403 origin_not_allowed names the origin and where to allow it', () => {
    const result = refused(setup()({ origin: 'https://evilexample.com' }));
    expect(result.status).toBe(403);
    expect(result.body.error.code).toBe('origin_not_allowed');
    expect(result.body.error.message).toContain('"https://evilexample.com"');
    expect(result.body.error.message).toContain('allowed origins');
    expect(result.headers).not.toHaveProperty('Access-Control-Allow-Origin');
    expect(refused(setup()({ origin: null })).body.error.code).toBe('origin_not_allowed');
    expect(refused(setup()({ origin: 'null' })).body.error.code).toBe('origin_not_allowed');
  });

  it('413 when the body is too large', () => {
    const result = refused(setup()({ bodyTooLarge: true }));
    expect(result.status).toBe(413);
    expect(result.body.error.code).toBe('payload_too_large');
    expect(result.headers['Access-Control-Allow-Origin']).toBe(ORIGIN);
    expect(refused(setup()({ body: 'x'.repeat(COLLECTOR_MAX_BODY_BYTES + 1) })).status).toBe(413);
  });

  it('415 for other content types', () => {
    for (const contentType of [
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      null,
    ]) {
      const result = refused(setup()({ contentType }));
      expect(result.status).toBe(415);
      expect(result.body.error.code).toBe('unsupported_media_type');
    }
  });

  it('400 for a body that is not JSON', () => {
    const result = refused(setup()({ body: '{type: CART' }));
    expect(result.status).toBe(400);
    expect(result.body.error.code).toBe('bad_request');
    expect(refused(setup()({ body: '' })).body.error.message).toMatch(/no body/);
  });

  it('422 with field errors from the shared event rules, pageUrl included', () => {
    const result = refused(
      setup()({
        body: JSON.stringify({ type: 'CART', email: 'nope', value: 'lots', pageUrl: 'javascript:alert(1)' }),
      }),
    );
    expect(result.status).toBe(422);
    expect(result.body.error.code).toBe('validation_failed');
    expect(Object.keys(result.body.error.fieldErrors ?? {}).sort()).toEqual(['email', 'pageUrl', 'value']);
    expect(refused(setup()({ body: '[1,2]' })).status).toBe(422);
    expect(
      refused(
        setup()({
          body: JSON.stringify({ type: 'CART', contactId: UUID, pageUrl: `${ORIGIN}/${'a'.repeat(2048)}` }),
        }),
      ).body.error.fieldErrors?.pageUrl,
    ).toHaveLength(1);
  });

  it('422 needs a contact, as the composer does', () => {
    const result = refused(setup()({ body: JSON.stringify({ type: 'VISIT' }) }));
    expect(result.body.error.fieldErrors?.email?.[0]).toMatch(/email or their contact ID/);
  });

  it('403 type_not_allowed for a valid type outside the allowlist, checked after upper-casing', () => {
    const result = refused(
      setup()({ body: JSON.stringify({ type: 'purchase', contactId: UUID, value: 10 }) }),
    );
    expect(result.status).toBe(403);
    expect(result.body.error.code).toBe('type_not_allowed');
    expect(result.body.error.message).toContain('PURCHASE');
    expect(result.body.error.message).toContain('CART, VISIT, LOGIN, OTHER');
  });
});

describe('rate limits', () => {
  it('429 with Retry-After once an IP has used its budget; other IPs go on', () => {
    const send = setup({ perIpPerMinute: 2 });
    expect(send().kind).toBe('accepted');
    expect(send().kind).toBe('accepted');
    const result = refused(send());
    expect(result.status).toBe(429);
    expect(result.body.error.code).toBe('rate_limited');
    expect(result.body.error.message).toContain('your address');
    expect(result.headers['Retry-After']).toBe('30');
    expect(result.headers['Access-Control-Allow-Origin']).toBe(ORIGIN);
    expect(send({ ip: '198.51.100.9' }).kind).toBe('accepted');
    // The bucket refills with time.
    expect(send({ now: NOW + 30_000 }).kind).toBe('accepted');
  });

  it('429 once an origin has used its budget, whatever the IP', () => {
    const send = setup({ perOriginPerMinute: 2 });
    expect(send({ ip: '192.0.2.1' }).kind).toBe('accepted');
    expect(send({ ip: '192.0.2.2' }).kind).toBe('accepted');
    const result = refused(send({ ip: '192.0.2.3' }));
    expect(result.status).toBe(429);
    expect(result.body.error.message).toContain(ORIGIN);
    expect(Number(result.headers['Retry-After'])).toBeGreaterThan(0);
    expect(send({ ip: '192.0.2.3', origin: 'https://a.example.org' }).kind).toBe('accepted');
  });

  it('counts invalid requests too, so a flood of them is limited', () => {
    const send = setup({ perIpPerMinute: 2 });
    expect(refused(send({ body: 'nope' })).status).toBe(400);
    expect(refused(send({ body: '{}' })).status).toBe(422);
    expect(refused(send({ body: 'nope' })).status).toBe(429);
    expect(refused(send()).status).toBe(429);
  });

  it('does not charge requests refused before the origin is known to be allowed', () => {
    const send = setup({ perIpPerMinute: 1, perOriginPerMinute: 1 });
    for (let i = 0; i < 5; i++) {
      expect(refused(send({ origin: 'https://evil.example' })).status).toBe(403);
      expect(refused(send({ collectorKey: 'ck_nope' })).status).toBe(404);
    }
    expect(send().kind).toBe('accepted');
  });

  it('does not spend the IP budget when the origin bucket refuses', () => {
    const send = setup({ perOriginPerMinute: 1, perIpPerMinute: 2 });
    expect(send().kind).toBe('accepted');
    expect(refused(send()).status).toBe(429);
    // Had the refused request spent an IP token, this IP would now be out of budget too.
    expect(send({ origin: 'https://a.example.org' }).kind).toBe('accepted');
  });
});

describe('server-only fields', () => {
  it('refuses forceOptIn and eventId from a website, writing nothing', async () => {
    const { handleCollect: handle } = await import('./handle');
    const integration = {
      id: 1,
      name: 'Shop',
      enabled: true,
      allowedOrigins: ['https://shop.example.com'],
      allowedTypes: ['CART'],
    };
    const { createCollectorLimiters: limiters } = await import('./handle');
    const result = handle(
      {
        collectorKey: 'ck',
        method: 'POST',
        origin: 'https://shop.example.com',
        contentType: 'text/plain',
        ip: '1.2.3.4',
        userAgent: null,
        referer: null,
        body: JSON.stringify({
          type: 'CART',
          email: 'a@example.com',
          forceOptIn: true,
          eventId: '3521dc0f-a934-4b6c-bb08-84f2e144047d',
        }),
        bodyTooLarge: false,
        now: 1_800_000_000_000,
      },
      { findIntegration: () => integration, limiters: limiters() },
    );
    expect(result.kind).toBe('refused');
    expect(result.status).toBe(422);
    if (result.kind === 'refused')
      expect(Object.keys(result.body.error.fieldErrors ?? {}).sort()).toEqual(['eventId', 'forceOptIn']);
    expect('delivery' in result).toBe(false);
  });
});

describe('refusals as the overview counts them', () => {
  it('names the cause of each refusal of a live collector, and none for a wrong method or key', () => {
    const collect = setup({ perIpPerMinute: 1 });
    const cause = (overrides: Partial<CollectInput>) =>
      refusalCause(refused(collect(overrides)).body.error.code);
    expect(cause({ origin: 'https://evil.example' })).toBe('origin');
    expect(cause({ body: JSON.stringify({ type: 'LOAN_ORDER', contactId: UUID }) })).toBe('type');
    expect(cause({ body: '{' })).toBe('rate-limited');
    expect(cause({ method: 'GET' })).toBeNull();
    expect(cause({ collectorKey: 'ck_off' })).toBeNull();
    const fresh = setup();
    expect(refusalCause(refused(fresh({ body: '{' })).body.error.code)).toBe('invalid');
    expect(refusalCause(refused(fresh({ body: '{"type":"cart"}' })).body.error.code)).toBe('invalid');
    expect(refusalCause(refused(fresh({ contentType: 'text/html' })).body.error.code)).toBe('invalid');
  });
});
