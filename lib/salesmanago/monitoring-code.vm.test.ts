/**
 * Runs the generated code the way a browser would, in a fresh global with a fake DOM, and checks
 * what it leaves behind: the sm queue function, its name in SalesmanagoObject, queued calls, and
 * one async sm.js <script> inserted before the page's first script.
 */
import { createContext, runInContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import type { SnippetOptionsInput } from '@/lib/validations/snippet';
import { renderMonitoringCode } from './monitoring-code';

type FakeElement = { tagName: string; type?: string; async?: boolean; src?: string };
type Insertion = { element: FakeElement; before: unknown };

function runInFakePage(html: string, protocol: 'https:' | 'http:') {
  const insertions: Insertion[] = [];
  const firstScript = {
    tagName: 'SCRIPT',
    parentNode: {
      insertBefore: (element: FakeElement, before: unknown) => insertions.push({ element, before }),
    },
  };
  const document = {
    location: { protocol },
    createElement: (tag: string): FakeElement => ({ tagName: tag.toUpperCase() }),
    getElementsByTagName: (tag: string) => (tag === 'script' ? [firstScript] : []),
  };
  const page: Record<string, unknown> = { document };
  page.window = page;
  const context = createContext(page);
  const bodies = [...html.matchAll(/<script type="text\/javascript">([\s\S]*?)<\/script>/g)].map(
    (match) => match[1] ?? '',
  );
  expect(bodies).toHaveLength(1);
  for (const body of bodies) runInContext(body, context);
  return { global: context as Record<string, unknown>, insertions, firstScript };
}

function queueOf(sm: unknown): unknown[][] {
  const queue = (sm as { q?: ArrayLike<unknown>[] }).q ?? [];
  return queue.map((args) => Array.from(args));
}

const CLIENT_ID = 'ab12cd34ef56gh78';
const CASES: { endpoint: string; onHttps: string; onHttp: string }[] = [
  {
    endpoint: 'https://app3.salesmanago.com',
    onHttps: 'https://app3.salesmanago.com/static/sm.js',
    onHttp: 'http://app3.salesmanago.com/static/sm.js',
  },
  {
    endpoint: 'http://localhost:3000/sandbox',
    onHttps: 'http://localhost:3000/sandbox/static/sm.js',
    onHttp: 'http://localhost:3000/sandbox/static/sm.js',
  },
];
const OPTIONS: SnippetOptionsInput = {
  smapp: 3,
  smcustom: true,
  smbanners: true,
  cookieLifetimeDays: 90,
  extraCommands: [
    "sm('webPush', ['72561301-97a8-4356-b1ae-ca624ab1db85', '120'])",
    "sm('event', { name: 'a </script> b' })",
  ],
};

describe('the generated code running in a page', () => {
  for (const { endpoint, onHttps, onHttp } of CASES) {
    for (const format of ['readable', 'minified'] as const) {
      for (const [protocol, expectedSrc] of [
        ['https:', onHttps],
        ['http:', onHttp],
      ] as const) {
        it(`${endpoint}, ${format}, on an ${protocol.slice(0, -1)} page`, () => {
          const html = renderMonitoringCode({
            clientId: CLIENT_ID,
            endpoint,
            options: { ...OPTIONS, format },
          });
          const { global, insertions, firstScript } = runInFakePage(html, protocol);

          expect(global.SalesmanagoObject).toBe('sm');
          expect(typeof global.sm).toBe('function');
          expect(global._smid).toBe(CLIENT_ID);
          expect([global._smapp, global._smcustom, global._smbanners, global._smclt]).toEqual([
            3,
            true,
            true,
            90,
          ]);
          expect(queueOf(global.sm)).toEqual([
            ['webPush', ['72561301-97a8-4356-b1ae-ca624ab1db85', '120']],
            ['event', { name: 'a </script> b' }],
          ]);
          (global.sm as (...args: unknown[]) => void)('later', 1);
          expect(queueOf(global.sm).at(-1)).toEqual(['later', 1]);

          expect(insertions).toHaveLength(1);
          expect(insertions[0]?.before).toBe(firstScript);
          expect(insertions[0]?.element).toEqual({
            tagName: 'SCRIPT',
            type: 'text/javascript',
            async: true,
            src: expectedSrc,
          });
        });
      }
    }
  }

  it('keeps an existing sm function instead of replacing it (so a second run does not lose the queue)', () => {
    const html = renderMonitoringCode({ clientId: CLIENT_ID, endpoint: CASES[0]?.endpoint ?? '' });
    const { global } = runInFakePage(html, 'https:');
    const first = global.sm;
    (first as (...args: unknown[]) => void)('kept');
    runInContext(html.replace(/^<script[^>]*>|<\/script>$/g, ''), global);
    expect(global.sm).toBe(first);
    expect(queueOf(global.sm)).toEqual([['kept']]);
  });
});
