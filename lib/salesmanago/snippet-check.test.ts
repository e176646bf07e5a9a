import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SnippetOptionsInput } from '@/lib/validations/snippet';
import { renderMonitoringCode } from './monitoring-code';
import { checkSnippet, type CheckSnippetResult, type FindingKind } from './snippet-check';

const FIXTURES = join(__dirname, 'snippet-check', 'fixtures');
const CLIENT_ID = 'ab12cd34ef56gh78';
const ENDPOINT = 'https://app3.salesmanago.com';
const WEB_PUSH = "sm('webPush', ['72561301-97a8-4356-b1ae-ca624ab1db85', '120'])";

function fixture(name: string): string {
  return readFileSync(join(FIXTURES, name), 'utf8');
}

/** 1-based line of the first line containing `needle`, so expectations read as what they point at. */
function lineOf(source: string, needle: string, nth = 1): number {
  const lines = source.split(/\r\n|\n|\r/);
  const matching = lines.flatMap((line, index) => (line.includes(needle) ? [index + 1] : []));
  const line = matching[nth - 1];
  if (line === undefined) throw new Error(`"${needle}" is not in the fixture ${nth} times`);
  return line;
}

function check(source: string, options: SnippetOptionsInput = {}, endpoint = ENDPOINT): CheckSnippetResult {
  return checkSnippet({ source, expected: { clientId: CLIENT_ID, endpoint, options } });
}

function problems(result: CheckSnippetResult) {
  return result.findings.filter((finding) => finding.severity !== 'info');
}

type FixtureCase = {
  file: string;
  proves: string;
  options?: SnippetOptionsInput;
  status: CheckSnippetResult['status'];
  /** Every error and warning expected, with the text of the line it must point at. */
  findings: { kind: FindingKind; severity: 'error' | 'warning'; at?: string; nth?: number }[];
};

const CASES: FixtureCase[] = [
  { file: 'clean-readable.html', proves: 'the generated readable code', status: 'ok', findings: [] },
  { file: 'clean-minified.html', proves: 'the minified one-line form', status: 'ok', findings: [] },
  {
    file: 'clean-crlf-tabs-bom.txt',
    proves: 'CRLF, tabs, a BOM and re-wrapped lines',
    status: 'ok',
    findings: [],
  },
  {
    file: 'clean-bare-js-no-semicolon.txt',
    proves: 'bare JavaScript without tags, final ; dropped',
    status: 'ok',
    findings: [],
  },
  {
    file: 'clean-full-page.html',
    proves: 'a whole page with GTM, GA, Facebook pixel, JSON-LD and the command in its own script',
    options: { extraCommands: [WEB_PUSH] },
    status: 'ok',
    findings: [],
  },
  {
    file: 'clean-wp-plugin-literal.html',
    proves: "the WordPress plugin's one-line form with a literal https address and pop-ups",
    options: { smcustom: true, smbanners: true, popups: true },
    status: 'ok',
    findings: [],
  },
  {
    file: 'smart-quotes-wordpress.html',
    proves: 'curly quotes from a visual editor',
    status: 'problems',
    findings: [{ kind: 'smart-quotes', severity: 'error', at: 'var _smid = “' }],
  },
  {
    file: 'html-entities-rich-text.html',
    proves: '&quot; and &#39; from a rich-text editor',
    status: 'problems',
    findings: [{ kind: 'html-entities', severity: 'error', at: 'var _smid = &quot;' }],
  },
  {
    file: 'html-tags-cms-paragraphs.html',
    proves: '<p> and <br /> added by a CMS inside the script',
    status: 'problems',
    findings: [{ kind: 'html-tags-inside', severity: 'error', at: '<p>var _smid' }],
  },
  {
    file: 'nested-script-tag-gtm.html',
    proves: 'the whole snippet pasted into a box that adds <script> tags itself',
    status: 'problems',
    findings: [{ kind: 'html-tags-inside', severity: 'error', at: '<script type="text/javascript">' }],
  },
  {
    file: 'zero-width-space.html',
    proves: 'an invisible zero-width space',
    status: 'problems',
    findings: [{ kind: 'invisible-characters', severity: 'error', at: "sm.type = 'text/javascript';\u200b" }],
  },
  {
    file: 'pasted-twice.html',
    proves: 'two copies on one page',
    status: 'problems',
    findings: [{ kind: 'duplicate', severity: 'error', at: '<script type="text/javascript">', nth: 2 }],
  },
  {
    file: 'old-client-id.html',
    proves: "an old account's client ID",
    status: 'problems',
    findings: [{ kind: 'client-id-mismatch', severity: 'error', at: '95o3qh61adymeazk' }],
  },
  {
    file: 'other-host.html',
    proves: 'www.salesmanago.pl instead of app3.salesmanago.com',
    status: 'problems',
    findings: [{ kind: 'host-mismatch', severity: 'error', at: 'www.salesmanago.pl/static/sm.js' }],
  },
  {
    file: 'missing-async.html',
    proves: 'a deleted sm.async = true;',
    status: 'problems',
    findings: [{ kind: 'loader-changed', severity: 'warning', at: 'sm = document.createElement' }],
  },
  {
    file: 'salesmanago-object-renamed.html',
    proves: "a hand-'corrected' SalesmanagoObject",
    status: 'problems',
    findings: [{ kind: 'loader-changed', severity: 'error', at: 'SalesManagoObject' }],
  },
  {
    file: 'missing-semicolon-glued.html',
    proves: 'a missing ; that glues var _smid to the loader',
    status: 'problems',
    findings: [{ kind: 'missing-semicolon', severity: 'error', at: 'var _smid' }],
  },
  {
    file: 'consent-text-plain.html',
    proves: 'type="text/plain" from a cookie-consent tool',
    status: 'problems',
    findings: [{ kind: 'type-changed', severity: 'warning', at: 'type="text/plain"' }],
  },
  {
    file: 'type-text-template.html',
    proves: 'type="text/x-template": the browser never runs it',
    status: 'problems',
    findings: [{ kind: 'type-changed', severity: 'error', at: 'text/x-template' }],
  },
  {
    file: 'wrapped-url.html',
    proves: 'the sm.js address wrapped onto two lines',
    status: 'problems',
    findings: [{ kind: 'wrapped-line', severity: 'error', at: "'app3.salesmanago.com/sta" }],
  },
  {
    file: 'truncated.html',
    proves: 'a copy cut off before the end',
    status: 'problems',
    findings: [
      { kind: 'syntax-error', severity: 'error', at: "s = document.getElementsByTagName('script')[0];" },
    ],
  },
  {
    file: 'legacy-loader.html',
    proves: 'the old loader without the queue',
    status: 'problems',
    findings: [{ kind: 'legacy-loader', severity: 'warning', at: '(function() {' }],
  },
  {
    file: 'shown-as-text.html',
    proves: 'the code escaped into visible text by a visual editor',
    status: 'problems',
    findings: [{ kind: 'shown-as-text', severity: 'error', at: 'var _smid = &quot;' }],
  },
  {
    file: 'commented-out.html',
    proves: 'the code inside an HTML comment',
    status: 'problems',
    findings: [{ kind: 'commented-out', severity: 'error', at: 'var _smid' }],
  },
  {
    file: 'command-before-loader.html',
    proves: 'an sm(...) call placed above the monitoring code',
    options: { extraCommands: [WEB_PUSH] },
    status: 'problems',
    findings: [{ kind: 'command-before-loader', severity: 'warning', at: "sm('webPush'" }],
  },
  {
    file: 'options-differ.html',
    proves: 'options on the site and in the settings that disagree',
    options: { smapp: 1, popups: true, extraCommands: ["sm('webPush', ['uuid', '1'])"] },
    status: 'problems',
    findings: [
      { kind: 'option-missing', severity: 'warning', at: 'var _smid' },
      { kind: 'option-unexpected', severity: 'warning', at: 'var _smcustom' },
      { kind: 'option-missing', severity: 'warning', at: '(function(w' },
      { kind: 'option-missing', severity: 'warning', at: '(function(w' },
      { kind: 'option-unexpected', severity: 'warning', at: "sm('event'" },
    ],
  },
  {
    file: 'not-found.html',
    proves: 'a page without the code',
    status: 'not-found',
    findings: [{ kind: 'not-found', severity: 'error' }],
  },
];

describe('checkSnippet on the fixtures', () => {
  it('keeps the clean fixtures identical to what the generator prints', () => {
    expect(fixture('clean-readable.html')).toBe(
      `${renderMonitoringCode({ clientId: CLIENT_ID, endpoint: ENDPOINT })}\n`,
    );
    const minified = renderMonitoringCode({
      clientId: CLIENT_ID,
      endpoint: ENDPOINT,
      options: { format: 'minified' },
    });
    expect(fixture('clean-minified.html')).toBe(`${minified}\n`);
  });

  it('has a case for every fixture file', () => {
    expect(readdirSync(FIXTURES).sort()).toEqual(CASES.map((testCase) => testCase.file).sort());
  });

  for (const testCase of CASES) {
    it(`${testCase.file}: ${testCase.proves}`, () => {
      const source = fixture(testCase.file);
      const result = check(source, testCase.options);
      expect(result.status).toBe(testCase.status);
      const actual = problems(result).map(({ kind, severity, line }) => ({ kind, severity, line }));
      const wanted = testCase.findings.map(({ kind, severity, at, nth }) => ({
        kind,
        severity,
        line: at ? lineOf(source, at, nth) : undefined,
      }));
      const order = (a: { kind: string; line?: number }, b: { kind: string; line?: number }) =>
        a.kind.localeCompare(b.kind) || (a.line ?? 0) - (b.line ?? 0);
      expect(actual.sort(order)).toEqual(wanted.sort(order));
      for (const finding of result.findings) {
        expect(finding.message.length).toBeGreaterThan(20);
        expect(finding.fix.length).toBeGreaterThan(5);
      }
      if (testCase.status === 'ok') expect(result.findings[0]?.kind).toBe('ok');
    });
  }
});
