/** What each finding says: both sides of a mismatch, the character found, and the edge cases. */
import { describe, expect, it } from 'vitest';
import type { SnippetOptionsInput } from '@/lib/validations/snippet';
import { renderMonitoringCode } from '../monitoring-code';
import { checkSnippet, type CheckSnippetResult, type FindingKind } from '../snippet-check';

const CLIENT_ID = 'ab12cd34ef56gh78';
const ENDPOINT = 'https://app3.salesmanago.com';
const SANDBOX = 'http://localhost:3000/sandbox';

function code(options: SnippetOptionsInput = {}, endpoint = ENDPOINT): string {
  return renderMonitoringCode({ clientId: CLIENT_ID, endpoint, options });
}

function check(source: string, options: SnippetOptionsInput = {}, endpoint = ENDPOINT): CheckSnippetResult {
  return checkSnippet({ source, expected: { clientId: CLIENT_ID, endpoint, options } });
}

function only(result: CheckSnippetResult, kind: FindingKind) {
  const found = result.findings.filter((finding) => finding.kind === kind);
  expect(found, JSON.stringify(result.findings, null, 2)).toHaveLength(1);
  return found[0]!;
}

function problemKinds(result: CheckSnippetResult): FindingKind[] {
  return result.findings.filter((finding) => finding.severity !== 'info').map((finding) => finding.kind);
}

describe('mismatch messages show both sides', () => {
  it('names the client ID found and the one expected', () => {
    const finding = only(check(code().replace(CLIENT_ID, '95o3qh61adymeazk')), 'client-id-mismatch');
    expect(finding).toMatchObject({
      line: 2,
      expected: CLIENT_ID,
      found: '"95o3qh61adymeazk"',
      severity: 'error',
    });
    expect(finding.message).toContain('95o3qh61adymeazk');
    expect(finding.message).toContain(CLIENT_ID);
  });

  it('names both hosts', () => {
    const finding = only(
      check(code().replace('app3.salesmanago.com', 'www.salesmanago.pl')),
      'host-mismatch',
    );
    expect(finding).toMatchObject({ expected: 'app3.salesmanago.com', found: 'www.salesmanago.pl', line: 9 });
  });

  it('names the curly quote and its line', () => {
    const finding = only(check(code().replace('"ab12cd34ef56gh78"', '„ab12cd34ef56gh78”')), 'smart-quotes');
    expect(finding.line).toBe(2);
    expect(finding.message).toContain('line 2: „ low double quotation mark, ” right double quotation mark');
  });

  it('says which part of the loader was changed', () => {
    const withoutQueue = code().replace('( w[r].q = w[r].q || [] ).push(arguments)', '');
    expect(only(check(withoutQueue), 'loader-changed').message).toContain('the queue (w[r].q)');
    const noInsert = code().replace('s.parentNode.insertBefore(sm, s);', 's.parentNode.appendChild(sm);');
    const finding = only(check(noInsert), 'loader-changed');
    expect(finding).toMatchObject({
      line: 8,
      severity: 'error',
      expected: 's.parentNode.insertBefore(sm, s);',
    });
    expect(finding.message).toContain('adds sm.js to the page');
  });

  it('explains a word split across two lines', () => {
    const split = code().replace('getElementsByTagName', 'getElementsBy\nTagName');
    const finding = only(check(split), 'wrapped-line');
    expect(finding).toMatchObject({ line: 7, expected: 'getElementsByTagName' });
  });
});

describe('harmless differences are info at most', () => {
  it('accepts the literal https address as equal to the protocol switch', () => {
    const literal = code().replace(
      "('https:' == document.location.protocol ? 'https://' : 'http://') + 'app3.salesmanago.com/static/sm.js'",
      "'https://app3.salesmanago.com/static/sm.js'",
    );
    const result = check(literal);
    expect(result.status).toBe('ok');
    expect(only(result, 'harmless-change').severity).toBe('info');
  });

  it('accepts double quotes, extra parentheses and a missing final semicolon', () => {
    const restyled = code()
      .replace(/'/g, '"')
      .replace('(function(w, r, a, sm, s) {', '((function(w, r, a, sm, s) {')
      .replace('})(window,', '}))(window,')
      .replace(/static\/sm\.js"\);/, 'static/sm.js")');
    const result = check(restyled);
    expect(problemKinds(result)).toEqual([]);
    expect(result.findings.map((finding) => finding.kind)).toEqual(
      expect.arrayContaining(['ok', 'harmless-change']),
    );
  });

  it('treats a glued statement from a missing semicolon inside the loader as an error, not info', () => {
    const glued = code().replace(
      "s = document.getElementsByTagName('script')[0];",
      "s = document.getElementsByTagName('script')[0]\n[0];",
    );
    expect(problemKinds(check(glued)).length).toBeGreaterThan(0);
  });
});

describe('the page around the code', () => {
  it('reports a second copy with an old client ID as both a duplicate and a client-ID mismatch', () => {
    const page = `${code()}\n${code().replace(CLIENT_ID, '95o3qh61adymeazk')}`;
    const result = check(page);
    expect(problemKinds(result).sort()).toEqual(['client-id-mismatch', 'duplicate']);
    expect(only(result, 'duplicate').message).toMatch(/2 times \(lines 1, 11\)/);
  });

  it('accepts the configured commands in the same script or a later one, in any quote style', () => {
    const options = { extraCommands: ["sm('webPush', ['uuid', '1'])"] };
    const later = `${code()}\n<script>sm("webPush", ["uuid", "1"])</script>`;
    expect(check(later, options).status).toBe('ok');
    expect(check(code(options), options).status).toBe('ok');
  });

  it('calls a command above the loader in the same script an error: it stops the loader too', () => {
    const options = { extraCommands: ["sm('webPush', ['uuid', '1'])"] };
    const above = code().replace('var _smid', "sm('webPush', ['uuid', '1']);\n  var _smid");
    const finding = only(check(above, options), 'command-before-loader');
    expect(finding).toMatchObject({ severity: 'error', line: 2 });
  });

  it('pairs a command whose arguments changed instead of reporting it twice', () => {
    const site = code({ extraCommands: ["sm('webPush', ['other-uuid', '1'])"] });
    const finding = only(check(site, { extraCommands: ["sm('webPush', ['uuid', '1'])"] }), 'option-changed');
    expect(finding).toMatchObject({
      expected: "sm('webPush', ['uuid', '1']);",
      found: "sm('webPush', ['other-uuid', '1']);",
    });
  });

  it('reports option values that differ', () => {
    const finding = only(
      check(code({ cookieLifetimeDays: 30 }), { cookieLifetimeDays: 60 }),
      'option-changed',
    );
    expect(finding).toMatchObject({ expected: '60', found: '30', line: 3 });
  });

  it('checks the pop-ups address, including its client ID', () => {
    const wrongClient = code({ popups: true }).replace(
      '/dynamic/ab12cd34ef56gh78/',
      '/dynamic/95o3qh61adymeazk/',
    );
    expect(only(check(wrongClient, { popups: true }), 'client-id-mismatch').line).toBe(11);
    const unexpected = only(check(code({ popups: true })), 'option-unexpected');
    expect(unexpected).toMatchObject({ severity: 'warning', line: 11 });
  });

  it("reads _smclientid as the site's own line, never as an error", () => {
    const withContact = code().replace(
      'var _smid = "ab12cd34ef56gh78";',
      'var _smid = "ab12cd34ef56gh78";\n  var _smclientid = "3521dc0f";',
    );
    expect(check(withContact).status).toBe('ok');
    expect(check(withContact, { clientIdPlaceholder: true }).status).toBe('ok');
    expect(check(code(), { clientIdPlaceholder: true }).status).toBe('ok');
  });

  it('explains type="module" and a src attribute', () => {
    const asModule = code().replace('type="text/javascript"', 'type="module"');
    expect(only(check(asModule), 'type-changed').message).toContain('module');
    const withSrc = code().replace(
      '<script type="text/javascript">',
      '<script type="text/javascript" src="/js/app.js">',
    );
    expect(only(check(withSrc), 'type-changed').message).toContain('src="/js/app.js"');
    const language = code().replace('<script type="text/javascript">', '<script language="javascript">');
    expect(check(language).status).toBe('ok');
  });

  it('flags a plain-http address on an https endpoint: browsers block it', () => {
    const http = code().replace(
      "('https:' == document.location.protocol ? 'https://' : 'http://') + 'app3.salesmanago.com/static/sm.js'",
      "'http://app3.salesmanago.com/static/sm.js'",
    );
    expect(only(check(http), 'host-mismatch').message).toContain('plain http://');
  });

  it('checks the sandbox address including its path', () => {
    expect(check(code({}, SANDBOX), {}, SANDBOX).status).toBe('ok');
    const rootPath = code({}, SANDBOX).replace('/sandbox/static/sm.js', '/static/sm.js');
    expect(only(check(rootPath, {}, SANDBOX), 'host-mismatch').found).toBe(
      'http://localhost:3000/static/sm.js',
    );
    expect(only(check(code(), {}, SANDBOX), 'host-mismatch').severity).toBe('error');
  });

  it('finds the code wrapped in a consent check and says it runs only when that code runs it', () => {
    const body = /<script type="text\/javascript">([\s\S]*?)<\/script>/.exec(code())?.[1] ?? '';
    const wrapped = `<script>if (window.consentGiven) {${body}}</script>`;
    const result = check(wrapped);
    expect(result.status).toBe('ok');
    expect(only(result, 'other-code').message).toContain('runs inside other code');
  });

  it('finds the code stuck inside an attribute or a <noscript>, where it never runs', () => {
    const escaped = code().replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
    const inAttribute = only(check(`<p>Shop</p>\n<div data-snippet="${escaped}"></div>`), 'shown-as-text');
    expect(inAttribute).toMatchObject({ line: 3, severity: 'error' });
    expect(inAttribute.message).toContain('attribute');
    const result = check(`<body>\n<noscript>\n${code()}\n</noscript>\n</body>`);
    expect(result).toMatchObject({ status: 'problems', scriptsFound: 0 });
    expect(only(result, 'commented-out').message).toContain('<noscript>');
  });

  it('returns not-found with a fix for a page without the code', () => {
    const result = check('<html><body><p>Hello</p></body></html>');
    expect(result).toMatchObject({ status: 'not-found', scriptsFound: 0 });
    expect(result.findings[0]?.fix).toMatch(/before <\/body>/);
  });

  it('says not-found, not "command missing", when the settings have extra commands', () => {
    const result = check('<html><body><p>Hello</p></body></html>', {
      extraCommands: ["sm('a')"],
      popups: true,
    });
    expect(result).toMatchObject({ status: 'not-found', scriptsFound: 0 });
    expect(result.findings.map((finding) => finding.kind)).toEqual(['not-found']);
  });

  it('refuses to check against invalid settings', () => {
    expect(() => checkSnippet({ source: '', expected: { clientId: '"x', endpoint: ENDPOINT } })).toThrow(
      TypeError,
    );
    expect(() => checkSnippet({ source: '', expected: { clientId: CLIENT_ID, endpoint: 'nope' } })).toThrow(
      TypeError,
    );
  });
});
