/**
 * Runs the real monitoring code and then the sandbox sm.js in one fresh global with a fake page, the way a
 * browser would load them, and checks what sm.js does with the queue and how it reports the visit.
 */
import { createContext, runInContext } from 'node:vm';
import { describe, expect, it } from 'vitest';

import { renderMonitoringCode } from '@/lib/salesmanago/monitoring-code';
import { renderSandboxSmJs } from './sm-js';

const BASE = 'http://localhost:3000/sandbox';
const CLIENT_ID = 'sbx0123456789abc';

type Beacon = { url: string; body: string };
type FetchCall = { url: string; init: Record<string, unknown> };

const CONTACT = '6d504a1b-5fec-4531-9f85-a6e3ccec03db';

function fakePage(
  opts: {
    beacon?: 'ok' | 'refuses' | 'absent' | 'throws';
    fetch?: 'answers' | 'offline' | false;
    cookie?: string;
  } = {},
) {
  const beacons: Beacon[] = [];
  const fetches: FetchCall[] = [];
  const cookies: string[] = [];
  const firstScript = { parentNode: { insertBefore: () => undefined } };
  const document = {
    location: { protocol: 'https:' },
    referrer: 'https://google.com/',
    title: 'Linen shirt – Shop',
    createElement: () => ({}),
    getElementsByTagName: () => [firstScript],
    get cookie() {
      return opts.cookie ?? '';
    },
    set cookie(value: string) {
      cookies.push(value);
    },
  };
  const page: Record<string, unknown> = {
    location: { href: 'https://shop.example.com/product/1?utm=x', protocol: 'https:' },
    document,
    navigator:
      opts.beacon === 'absent'
        ? {}
        : {
            sendBeacon: (url: string, body: string) => {
              if (opts.beacon === 'throws') throw new Error('blocked');
              beacons.push({ url, body });
              return opts.beacon !== 'refuses';
            },
          },
  };
  if (opts.fetch !== false) {
    page.fetch = (url: string, init: Record<string, unknown>) => {
      fetches.push({ url, init });
      if (opts.fetch === 'offline') return Promise.reject(new Error('offline'));
      return Promise.resolve({ ok: true, json: () => Promise.resolve({ contactId: CONTACT }) });
    };
  }
  page.window = page;
  const context = createContext(page);
  const run = (code: string) => runInContext(code, context);
  const global = context as Record<string, unknown>;
  return { run, global, beacons, fetches, cookies };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

/** The monitoring code's script body, with one sm() call queued before sm.js arrives. */
function monitoringCode(): string {
  const html = renderMonitoringCode({
    clientId: CLIENT_ID,
    endpoint: BASE,
    options: { extraCommands: ["sm('webPush', ['72561301-97a8-4356-b1ae-ca624ab1db85', '120'])"] },
  });
  return /<script type="text\/javascript">([\s\S]*?)<\/script>/.exec(html)?.[1] ?? '';
}

const callsOf = (global: Record<string, unknown>) =>
  (global.__sandboxSm as { calls: unknown[][] }).calls.map((c) => Array.from(c));

describe('the sandbox sm.js', () => {
  it('drains the queue in order, takes over sm(), reports the visit once and keeps the contact in smclient', async () => {
    const { run, global, beacons, fetches, cookies } = fakePage();
    run(monitoringCode());
    (global.sm as (...a: unknown[]) => void)('event', { name: 'before load' });
    run(renderSandboxSmJs(BASE));

    expect(global.__sandboxSm).toMatchObject({ version: 1, clientId: CLIENT_ID });
    expect(callsOf(global)).toEqual([
      ['webPush', ['72561301-97a8-4356-b1ae-ca624ab1db85', '120']],
      ['event', { name: 'before load' }],
    ]);
    (global.sm as (...a: unknown[]) => void)('event', { name: 'after load' });
    expect(callsOf(global).at(-1)).toEqual(['event', { name: 'after load' }]);

    expect(beacons).toEqual([]);
    expect(fetches).toHaveLength(1);
    expect(fetches[0]?.url).toBe(`${BASE}/visit`);
    expect(fetches[0]?.init).toMatchObject({
      method: 'POST',
      keepalive: true,
      mode: 'cors',
      credentials: 'omit',
      headers: { 'content-type': 'text/plain' },
    });
    expect(JSON.parse(String(fetches[0]?.init.body))).toEqual({
      clientId: CLIENT_ID,
      url: 'https://shop.example.com/product/1?utm=x',
      referrer: 'https://google.com/',
      title: 'Linen shirt – Shop',
      commands: 2,
      smclient: '',
    });
    await settle();
    expect(cookies).toEqual([`smclient=${CONTACT}; path=/; max-age=315360000; SameSite=Lax`]);
  });

  it('sends a known smclient and never overwrites it', async () => {
    const { run, fetches, cookies } = fakePage({
      cookie: 'a=1; smclient=11111111-2222-4333-8444-555555555555',
    });
    run(monitoringCode());
    run(renderSandboxSmJs(BASE));
    expect(JSON.parse(String(fetches[0]?.init.body)).smclient).toBe('11111111-2222-4333-8444-555555555555');
    await settle();
    expect(cookies).toEqual([]);
  });

  it('reports once even when loaded twice (two monitoring codes on a page)', () => {
    const { run, fetches } = fakePage();
    run(monitoringCode());
    run(renderSandboxSmJs(BASE));
    run(renderSandboxSmJs(BASE));
    expect(fetches).toHaveLength(1);
  });

  it('falls back to sendBeacon without fetch, and survives an offline fetch', async () => {
    const noFetch = fakePage({ fetch: false });
    noFetch.run(monitoringCode());
    noFetch.run(renderSandboxSmJs(`${BASE}/`));
    expect(noFetch.beacons).toHaveLength(1);
    expect(noFetch.beacons[0]?.url).toBe(`${BASE}/visit`);
    expect(JSON.parse(noFetch.beacons[0]?.body ?? '')).toMatchObject({ clientId: CLIENT_ID, commands: 1 });

    const offline = fakePage({ fetch: 'offline' });
    offline.run(monitoringCode());
    expect(() => offline.run(renderSandboxSmJs(BASE))).not.toThrow();
    await settle();
    expect(offline.cookies).toEqual([]);
  });

  it('does not break the page with neither sendBeacon nor fetch, nor without the monitoring code', () => {
    const { run, global } = fakePage({ beacon: 'absent', fetch: false });
    expect(() => run(renderSandboxSmJs(BASE))).not.toThrow();
    expect(global.__sandboxSm).toEqual({ version: 1, clientId: '', calls: [] });
    expect(typeof global.sm).toBe('function');
  });

  it('uses the function name the loader put in SalesmanagoObject', () => {
    const { run, global, fetches } = fakePage();
    run(
      `var _smid = "${CLIENT_ID}"; window.SalesmanagoObject = 'smx'; window.smx = function () { (window.smx.q = window.smx.q || []).push(arguments); }; smx('a', 1);`,
    );
    run(renderSandboxSmJs(BASE));
    expect(callsOf(global)).toEqual([['a', 1]]);
    expect(global.sm).toBeUndefined();
    expect(JSON.parse(String(fetches[0]?.init.body))).toMatchObject({ commands: 1 });
  });

  it('embeds the base URL as a safe literal', () => {
    const nasty = `http://x.test/</script><script>alert("1")</script>\u2028'`;
    const js = renderSandboxSmJs(nasty);
    expect(js).not.toMatch(/<\/|<script|<!--/i);
    expect(js).toContain('\\u003c/script>');
    expect(js).not.toContain('\u2028');
    const { run, fetches } = fakePage();
    run(js);
    expect(fetches[0]?.url).toBe(`${nasty}/visit`);
  });

  it('is plain ES5: no arrows, template literals, let or const', () => {
    const js = renderSandboxSmJs(BASE);
    expect(js).not.toMatch(/=>|`|\blet\b|\bconst\b/);
  });

  it('refuses an empty base URL', () => {
    expect(() => renderSandboxSmJs(' ')).toThrow(TypeError);
  });
});
