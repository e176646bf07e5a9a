/**
 * The event snippet as a shop page would run it: parsed by acorn like a browser's classic script, then
 * executed in a fresh global with a fake document.cookie, location and fetch. What it sends must pass the
 * collector (and so the shared event schema) unchanged.
 */
import { tokenizer } from 'acorn';
import { createContext, runInContext } from 'node:vm';
import { describe, expect, it } from 'vitest';

import { createCollectorLimiters, handleCollect } from '@/lib/collector/handle';
import { parseEvent } from '@/lib/validations/event';

import { EVENT_SNIPPET_PLACEMENT, eventSnippetTypes, renderEventSnippet } from './event-snippet';
import { EVENT_TYPES, ORDERED_EVENT_TYPES, type EventType } from './event-types';

const COLLECTOR_URL = 'https://console.example.com/api/collect/ck_abc123';
const UUID = '3521dc0f-a934-4b6c-bb08-84f2e144047d';
const PAGE = 'https://shop.example.com/checkout/thank-you?order=10045';

type FetchCall = {
  url: string;
  init: { method: string; body: string; headers: Record<string, string> } & Record<string, unknown>;
};

function scriptBody(html: string): string {
  const match = /^<script>([\s\S]*)<\/script>$/.exec(html);
  if (!match) throw new Error('expected exactly one <script> element');
  return match[1]!;
}

function tokens(code: string): string[] {
  return [...tokenizer(code, { ecmaVersion: 5, sourceType: 'script' })].map(
    (t) => `${t.type.label} ${String((t as { value?: unknown }).value ?? '')}`,
  );
}

function commentsOf(code: string): string[] {
  const comments: string[] = [];
  void [...tokenizer(code, { ecmaVersion: 5, onComment: (_block, text) => comments.push(text) })];
  return comments;
}

function runInPage(html: string, cookie: string) {
  const calls: FetchCall[] = [];
  const infos: unknown[] = [];
  const page: Record<string, unknown> = {
    document: { cookie },
    location: { href: PAGE },
    console: { info: (...args: unknown[]) => infos.push(args) },
    fetch: (url: string, init: FetchCall['init']) => {
      calls.push({ url, init });
      return Promise.resolve({ ok: true });
    },
  };
  page.window = page;
  runInContext(scriptBody(html), createContext(page));
  return { calls, infos };
}

function collect(body: string) {
  return handleCollect(
    {
      collectorKey: 'ck_abc123',
      method: 'POST',
      origin: 'https://shop.example.com',
      contentType: 'text/plain;charset=UTF-8',
      ip: '203.0.113.5',
      userAgent: null,
      referer: null,
      body,
      bodyTooLarge: false,
      now: Date.now(),
    },
    {
      findIntegration: () => ({
        id: 1,
        name: 'Shop',
        enabled: true,
        allowedOrigins: ['https://shop.example.com'],
        allowedTypes: [...EVENT_TYPES],
      }),
      limiters: createCollectorLimiters(),
    },
  );
}

describe('renderEventSnippet, for every type and both formats', () => {
  for (const type of EVENT_TYPES) {
    for (const format of ['readable', 'minified'] as const) {
      it(`${type}, ${format}: parses, and sends a valid event with the smclient contact`, () => {
        const html = renderEventSnippet({ collectorUrl: COLLECTOR_URL, type, format });
        // ES5 on purpose: the snippet runs on shop pages in whatever browser the visitor has.
        expect(() => tokens(scriptBody(html))).not.toThrow();

        const { calls } = runInPage(html, `_ga=GA1.2.3; smclient=${UUID}; smuuid=abc`);
        expect(calls).toHaveLength(1);
        const [call] = calls;
        expect(call!.url).toBe(COLLECTOR_URL);
        expect(call!.init).toMatchObject({
          method: 'POST',
          keepalive: true,
          mode: 'cors',
          credentials: 'omit',
          headers: { 'Content-Type': 'text/plain' },
        });

        const sent = JSON.parse(call!.init.body) as Record<string, unknown>;
        expect(sent.pageUrl).toBe(PAGE);
        expect(sent).not.toHaveProperty('email');
        const { pageUrl: _pageUrl, ...event } = sent;
        const parsed = parseEvent(event);
        if (!parsed.ok) throw new Error(parsed.message);
        expect(parsed.data.type).toBe(type);
        expect(parsed.data.contactId).toBe(UUID);
        expect(Math.abs(parsed.data.date! - Date.now())).toBeLessThan(60_000);

        const result = collect(call!.init.body);
        expect(result.kind).toBe('accepted');
      });
    }
  }

  it('the minified form is the readable one on one line, token for token', () => {
    for (const type of EVENT_TYPES) {
      const readable = renderEventSnippet({ collectorUrl: COLLECTOR_URL, type, format: 'readable' });
      const minified = renderEventSnippet({ collectorUrl: COLLECTOR_URL, type, format: 'minified' });
      expect(minified).not.toContain('\n');
      expect(commentsOf(scriptBody(minified))).toEqual([]);
      expect(commentsOf(scriptBody(readable)).length).toBeGreaterThan(3);
      expect(tokens(scriptBody(minified))).toEqual(tokens(scriptBody(readable)));
    }
  });
});

describe('the contact', () => {
  const setEmail = (html: string, email: string) => html.replace("email: ''", `email: '${email}'`);

  for (const format of ['readable', 'minified'] as const) {
    it(`${format}: uses a given email and then sends no contactId`, () => {
      const html = setEmail(
        renderEventSnippet({ collectorUrl: COLLECTOR_URL, type: 'LOGIN', format }),
        ' jan@example.com ',
      );
      const { calls } = runInPage(html, `smclient=${UUID}`);
      const sent = JSON.parse(calls[0]!.init.body) as Record<string, unknown>;
      expect(sent.email).toBe('jan@example.com');
      expect(sent).not.toHaveProperty('contactId');
      expect(collect(calls[0]!.init.body).kind).toBe('accepted');
    });

    it(`${format}: sends nothing for an anonymous visitor, and says why in the console`, () => {
      const html = renderEventSnippet({ collectorUrl: COLLECTOR_URL, type: 'CART', format });
      for (const cookie of ['', 'smuuid=abc; other=1', 'notsmclient=1']) {
        const { calls, infos } = runInPage(html, cookie);
        expect(calls).toHaveLength(0);
        expect(String((infos[0] as unknown[])[0])).toMatch(/anonymous/);
      }
      // An email given by the page is enough even without the cookie.
      expect(runInPage(setEmail(html, 'jan@example.com'), '').calls).toHaveLength(1);
    });
  }

  it('never throws on the page, even without fetch or with a failing one', () => {
    const body = scriptBody(
      renderEventSnippet({ collectorUrl: COLLECTOR_URL, type: 'VISIT', format: 'minified' }),
    );
    const base = { document: { cookie: `smclient=${UUID}` }, location: { href: PAGE } };
    expect(() => runInContext(body, createContext({ ...base }))).not.toThrow();
    expect(() =>
      runInContext(body, createContext({ ...base, fetch: () => Promise.reject(new Error('offline')) })),
    ).not.toThrow();
    expect(() =>
      runInContext(
        body,
        createContext({ location: base.location, document: { cookie: 'smclient=%E0%A4%A' } }),
      ),
    ).not.toThrow();
  });
});

describe('the readable form', () => {
  it('explains the example values and where to paste it', () => {
    const html = renderEventSnippet({ collectorUrl: COLLECTOR_URL, type: 'PURCHASE', format: 'readable' });
    expect(html).toContain(
      "email: '', // the logged-in customer's email, or leave empty to use the smclient cookie",
    );
    expect(html).toContain("externalId: '10045', // example: the order number");
    expect(html).toMatch(/value: 249\.99, \/\/ example: the order total/);
    expect(html).toContain('on the order confirmation (thank-you) page');
    const cart = renderEventSnippet({ collectorUrl: COLLECTOR_URL, type: 'CART', format: 'readable' });
    expect(cart).toMatch(
      /description: 'https:\/\/shop\.example\.com\/cart\/\?recover=7f3a9c', \/\/ example: the address of the cart/,
    );
    expect(renderEventSnippet({ collectorUrl: COLLECTOR_URL, type: 'VISIT', format: 'readable' })).toContain(
      'location:',
    );
  });
});

describe('safety', () => {
  it('contains nothing secret: no credential names, only the collector URL and the type', () => {
    for (const type of EVENT_TYPES) {
      for (const format of ['readable', 'minified'] as const) {
        const html = renderEventSnippet({ collectorUrl: COLLECTOR_URL, type, format });
        expect(html).not.toMatch(/api_?key|api_?secret|secret|\bsha1?\b|clientId|owner|password|token/i);
      }
    }
  });

  it('encodes a hostile collector URL so it can neither end the string nor the script', () => {
    for (const hostile of [
      "https://console.example.com/api/collect/ck_a'b",
      'https://console.example.com/api/collect/</script><script>alert(1)</script>',
      'https://console.example.com/api/collect/x?q=<!--',
      'https://console.example.com/api/collect/x\u2028y',
    ]) {
      for (const format of ['readable', 'minified'] as const) {
        const html = renderEventSnippet({ collectorUrl: hostile, type: 'CART', format });
        expect(html.match(/<\/script/gi)).toHaveLength(1);
        expect(html).not.toContain('<!--');
        expect(scriptBody(html)).not.toMatch(/<\/|<!--|\u2028/);
        const { calls } = runInPage(html, `smclient=${UUID}`);
        expect(calls[0]!.url).toBe(new URL(hostile).href);
      }
    }
  });

  it('refuses a collector URL that is not http(s) or carries credentials', () => {
    for (const bad of [
      'javascript:alert(1)',
      'ftp://console.example.com/x',
      '/api/collect/ck',
      'https://u:p@console.example.com/x',
    ]) {
      expect(() => renderEventSnippet({ collectorUrl: bad, type: 'CART', format: 'readable' })).toThrow(
        TypeError,
      );
    }
  });

  it('refuses an unknown type', () => {
    expect(() =>
      renderEventSnippet({ collectorUrl: COLLECTOR_URL, type: 'BUY' as EventType, format: 'readable' }),
    ).toThrow(TypeError);
  });
});

describe('eventSnippetTypes and placement hints', () => {
  it('offers every type in the composer order, each with a placement hint', () => {
    expect(eventSnippetTypes()).toEqual(ORDERED_EVENT_TYPES);
    expect(Object.keys(EVENT_SNIPPET_PLACEMENT).sort()).toEqual([...EVENT_TYPES].sort());
    for (const hint of Object.values(EVENT_SNIPPET_PLACEMENT)) expect(hint).toMatch(/^(on|where|wherever) /);
  });
});
