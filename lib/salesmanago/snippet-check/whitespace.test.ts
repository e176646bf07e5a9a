/**
 * Layout never matters: any change of whitespace, line breaks, indentation, line endings or a
 * BOM must leave the verdict "ok" with no error or warning, including inside a larger page.
 */
import { describe, expect, it } from 'vitest';
import type { SnippetOptionsInput } from '@/lib/validations/snippet';
import { renderMonitoringCode } from '../monitoring-code';
import { tokenize } from '../monitoring-code/js-syntax';
import { checkSnippet } from '../snippet-check';

const CLIENT_ID = 'ab12cd34ef56gh78';
const SETTINGS: { endpoint: string; options: SnippetOptionsInput }[] = [
  { endpoint: 'https://app3.salesmanago.com', options: {} },
  {
    endpoint: 'https://app3.salesmanago.com',
    options: {
      smapp: 1,
      smcustom: true,
      cookieLifetimeDays: 365,
      extraCommands: ["sm('webPush', ['uuid', '1'])"],
    },
  },
  { endpoint: 'http://localhost:3000/sandbox', options: { smbanners: true, popups: true } },
];

function scriptBody(html: string): string {
  return /<script type="text\/javascript">([\s\S]*?)<\/script>/.exec(html)?.[1] ?? '';
}

/** Rebuilds the script from its tokens with the given separator, which is layout only. */
function relayout(body: string, separator: string): string {
  return tokenize(body)
    .map((token) => body.slice(token.start, token.end))
    .join(separator);
}

const LAYOUTS: Record<string, (html: string) => string> = {
  'CRLF line endings': (html) => html.replace(/\n/g, '\r\n'),
  'old Mac CR line endings': (html) => html.replace(/\n/g, '\r'),
  'tab indentation': (html) => html.replace(/^( {2})+/gm, (spaces) => '\t'.repeat(spaces.length / 2)),
  'no indentation': (html) => html.replace(/^ +/gm, ''),
  'a BOM in front': (html) => `\uFEFF${html}`,
  'blank lines and trailing spaces': (html) => html.replace(/\n/g, '   \n\n'),
  'non-breaking spaces for indentation': (html) =>
    html.replace(/^ +/gm, (spaces) => '\u00A0'.repeat(spaces.length)),
  'every token on its own line': (html) =>
    html.replace(scriptBody(html), `\n${relayout(scriptBody(html), '\n')}\n`),
  'tokens squeezed together': (html) => html.replace(scriptBody(html), relayout(scriptBody(html), ' ')),
  'inside a page with other scripts': (html) =>
    [
      '<!doctype html><html><head><title>Shop</title>',
      '<script async src="https://www.googletagmanager.com/gtag/js?id=G-1"></script>',
      "<script>window.dataLayer = window.dataLayer || []; function gtag(){dataLayer.push(arguments);} gtag('js', new Date());</script>",
      '<style>.x { color: red }</style>',
      '</head><body><h1>Shop</h1>',
      '<!-- newsletter form -->',
      '<script type="application/ld+json">{"@type": "Organization"}</script>',
      html,
      '<script>console.log("done")</script>',
      '</body></html>',
    ].join('\n'),
};

describe('no false alarms for layout changes', () => {
  for (const { endpoint, options } of SETTINGS) {
    for (const format of ['readable', 'minified'] as const) {
      for (const [name, change] of Object.entries(LAYOUTS)) {
        it(`${name} (${format}, ${endpoint}, ${JSON.stringify(options)})`, () => {
          const html = change(
            renderMonitoringCode({ clientId: CLIENT_ID, endpoint, options: { ...options, format } }),
          );
          const result = checkSnippet({ source: html, expected: { clientId: CLIENT_ID, endpoint, options } });
          expect(result.findings.filter((finding) => finding.severity !== 'info')).toEqual([]);
          expect(result.status).toBe('ok');
          expect(result.scriptsFound).toBe(1);
        });
      }
    }
  }

  it('reports the line numbers of the original layout, counting CRLF once', () => {
    const html = renderMonitoringCode({ clientId: CLIENT_ID, endpoint: 'https://app3.salesmanago.com' })
      .replace('ab12cd34ef56gh78', 'zz99')
      .replace(/\n/g, '\r\n');
    const result = checkSnippet({
      source: `\r\n\r\n${html}`,
      expected: { clientId: CLIENT_ID, endpoint: 'https://app3.salesmanago.com' },
    });
    expect(result.findings.find((finding) => finding.kind === 'client-id-mismatch')?.line).toBe(4);
  });
});
