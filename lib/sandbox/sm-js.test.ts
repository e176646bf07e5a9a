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

function fakePage(opts: { beacon?: 'ok' | 'refuses' | 'absent' | 'throws'; fetch?: boolean } = {}) {
  const beacons: Beacon[] = [];
  const fetches: FetchCall[] = [];
  const firstScript = { parentNode: { insertBefore: () => undefined } };
  const page: Record<string, unknown> = {
    location: { href: 'https://shop.example.com/product/1?utm=x', protocol: 'https:' },
    document: {
      location: { protocol: 'https:' },
      referrer: 'https://google.com/',
      title: 'Linen shirt – Shop',
      createElement: () => ({}),
      getElementsByTagName: () => [firstScript],
    },
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
      return Promise.reject(new Error('offline'));
    };
  }
  page.window = page;
  const context = createContext(page);
  const run = (code: string) => runInContext(code, context);
  const global = context as Record<string, unknown>;
  return { run, global, beacons, fetches };
}

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
  it('drains the queue in order, takes over sm(), and reports the visit once by beacon', () => {
    const { run, global, beacons, fetches } = fakePage();
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

    expect(fetches).toEqual([]);
    expect(beacons).toHaveLength(1);
    expect(beacons[0]?.url).toBe(`${BASE}/visit`);
    expect(JSON.parse(beacons[0]?.body ?? '')).toEqual({
      clientId: CLIENT_ID,
      url: 'https://shop.example.com/product/1?utm=x',
      referrer: 'https://google.com/',
      title: 'Linen shirt – Shop',
      commands: 2,
    });
  });

  it('reports once even when loaded twice (two monitoring codes on a page)', () => {
    const { run, beacons } = fakePage();
    run(monitoringCode());
    run(renderSandboxSmJs(BASE));
    run(renderSandboxSmJs(BASE));
    expect(beacons).toHaveLength(1);
  });

  it.each(['absent', 'refuses', 'throws'] as const)(
    'falls back to a keepalive no-cors fetch when sendBeacon is %s',
    (beacon) => {
      const { run, fetches } = fakePage({ beacon });
      run(monitoringCode());
      expect(() => run(renderSandboxSmJs(`${BASE}/`))).not.toThrow();
      expect(fetches).toHaveLength(1);
      expect(fetches[0]?.url).toBe(`${BASE}/visit`);
      expect(fetches[0]?.init).toMatchObject({
        method: 'POST',
        keepalive: true,
        mode: 'no-cors',
        headers: { 'content-type': 'text/plain' },
      });
      expect(JSON.parse(String(fetches[0]?.init.body))).toMatchObject({ clientId: CLIENT_ID, commands: 1 });
    },
  );

  it('does not break the page with neither sendBeacon nor fetch, nor without the monitoring code', () => {
    const { run, global } = fakePage({ beacon: 'absent', fetch: false });
    expect(() => run(renderSandboxSmJs(BASE))).not.toThrow();
    expect(global.__sandboxSm).toEqual({ version: 1, clientId: '', calls: [] });
    expect(typeof global.sm).toBe('function');
  });

  it('uses the function name the loader put in SalesmanagoObject', () => {
    const { run, global, beacons } = fakePage();
    run(
      `var _smid = "${CLIENT_ID}"; window.SalesmanagoObject = 'smx'; window.smx = function () { (window.smx.q = window.smx.q || []).push(arguments); }; smx('a', 1);`,
    );
    run(renderSandboxSmJs(BASE));
    expect(callsOf(global)).toEqual([['a', 1]]);
    expect(global.sm).toBeUndefined();
    expect(JSON.parse(beacons[0]?.body ?? '')).toMatchObject({ commands: 1 });
  });

  it('embeds the base URL as a safe literal', () => {
    const nasty = `http://x.test/</script><script>alert("1")</script>\u2028'`;
    const js = renderSandboxSmJs(nasty);
    expect(js).not.toMatch(/<\/|<script|<!--/i);
    expect(js).toContain('\\u003c/script>');
    expect(js).not.toContain('\u2028');
    const { run, beacons } = fakePage();
    run(js);
    expect(beacons[0]?.url).toBe(`${nasty}/visit`);
  });

  it('is plain ES5: no arrows, template literals, let or const', () => {
    const js = renderSandboxSmJs(BASE);
    expect(js).not.toMatch(/=>|`|\blet\b|\bconst\b/);
  });

  it('refuses an empty base URL', () => {
    expect(() => renderSandboxSmJs(' ')).toThrow(TypeError);
  });
});
