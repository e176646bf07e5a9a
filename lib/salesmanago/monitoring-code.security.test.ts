/**
 * No client ID, endpoint or option value may break out of a JavaScript string or out of the
 * `<script>` element: each is either refused or written so that it stays data.
 */
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { renderMonitoringCode } from './monitoring-code';
import { jsStringLiteral } from './monitoring-code/js-literal';
import { parseScript } from './monitoring-code/js-syntax';

const CLIENT_ID = 'ab12cd34ef56gh78';
const ENDPOINT = 'https://app3.salesmanago.com';
const PAYLOADS = [
  '"',
  "'",
  '`',
  '\\',
  '\\"',
  '</script>',
  '</SCRIPT ><script>alert(1)</script>',
  '<!--',
  '-->',
  ']]>',
  '\u2028',
  '\u2029',
  '\n',
  '\r\n',
  '\u0000',
  '\uD800',
  '😀',
  '${alert(1)}',
  "'); alert(1); ('",
];

/** The real closing tags in generated HTML: one per script element. */
function closingTagCount(html: string): number {
  return (html.match(/<\/script/gi) ?? []).length;
}

function scriptBodies(html: string): string[] {
  return [...html.matchAll(/<script type="text\/javascript">([\s\S]*?)<\/script>/g)].map(
    (match) => match[1] ?? '',
  );
}

describe('jsStringLiteral', () => {
  it('round-trips every value through the JavaScript parser, printing only safe ASCII', () => {
    const values = [
      ...PAYLOADS,
      Array.from({ length: 0x80 }, (_, code) => String.fromCharCode(code)).join(''),
    ];
    for (const value of values) {
      for (const quote of ['"', "'"] as const) {
        const literal = jsStringLiteral(value, quote);
        expect(literal.slice(1, -1)).toMatch(/^[\x20-\x7e]*$/);
        expect(literal.slice(1, -1)).not.toMatch(/["'`<>&]/);
        const parsed = parseScript(`x = ${literal};`);
        expect(parsed.ok).toBe(true);
        expect(runInNewContext(literal)).toBe(value);
      }
    }
  });
});

describe('generated code', () => {
  it('refuses any client ID that is not a plain token', () => {
    for (const payload of [...PAYLOADS, '', 'a'.repeat(65), 'ab12 cd34', 'ab12cd34ef56gh78"']) {
      expect(
        () => renderMonitoringCode({ clientId: payload, endpoint: ENDPOINT }),
        JSON.stringify(payload),
      ).toThrow(TypeError);
    }
  });

  it('keeps every extra-command string as data, whatever it contains', () => {
    for (const payload of PAYLOADS) {
      const command = `sm('event', [${JSON.stringify(payload)}, { ${JSON.stringify(payload)}: ${JSON.stringify(payload)} }])`;
      for (const format of ['readable', 'minified'] as const) {
        const html = renderMonitoringCode({
          clientId: CLIENT_ID,
          endpoint: ENDPOINT,
          options: { extraCommands: [command], popups: true, format },
        });
        expect(closingTagCount(html), JSON.stringify(payload)).toBe(2);
        expect(html).not.toContain('<!--');
        const [body] = scriptBodies(html);
        const queued: unknown[][] = [];
        // Run only the command line: its argument must come back exactly as written in the settings.
        const commandLine = (body ?? '')
          .split(/\n|(?<=;) (?=sm\()/)
          .find((line) => line.trim().startsWith("sm('event'"));
        runInNewContext(commandLine ?? '', { sm: (...args: unknown[]) => queued.push(args) });
        expect(queued, JSON.stringify(payload)).toEqual([['event', [payload, { [payload]: payload }]]]);
      }
    }
  });

  it('escapes whatever an endpoint path carries in the sm.js and pop-ups addresses', () => {
    const endpoints = [
      "https://proxy.example.com/it's",
      'https://proxy.example.com/"></script><script>alert(1)</script>',
      'https://proxy.example.com/a&b<c>',
      'http://localhost:3000/sandbox\\x',
    ];
    for (const endpoint of endpoints) {
      const html = renderMonitoringCode({ clientId: CLIENT_ID, endpoint, options: { popups: true } });
      expect(closingTagCount(html), endpoint).toBe(2);
      expect(html, endpoint).not.toMatch(/<script(?! type="text\/javascript">| src=")/);
      const popups = /<script src="([^"]*)"><\/script>$/.exec(html);
      expect(popups?.[1], endpoint).not.toMatch(/['<>]/);
      const [body] = scriptBodies(html);
      expect(parseScript(body ?? '').ok, endpoint).toBe(true);
    }
  });
});
