import { describe, expect, it } from 'vitest';
import type { SnippetOptionsInput } from '@/lib/validations/snippet';
import {
  MONITORING_CODE_PARTS,
  SM_JS_URL_PLACEHOLDER,
  popupsJsUrl,
  renderMonitoringCode,
  renderSmClientIdLine,
  smJsExpression,
  smJsUrl,
} from './monitoring-code';
import { parseScript, tokenKey, tokenize } from './monitoring-code/js-syntax';
import { checkSnippet } from './snippet-check';

const CLIENT_ID = 'ab12cd34ef56gh78';
const SALESMANAGO = 'https://app3.salesmanago.com';
const SANDBOX = 'http://localhost:3000/sandbox';
const TERNARY =
  "('https:' == document.location.protocol ? 'https://' : 'http://') + 'app3.salesmanago.com/static/sm.js'";

/** The JavaScript inside each inline `<script type="text/javascript">` of the rendered HTML. */
function scriptBodies(html: string): string[] {
  return [...html.matchAll(/<script type="text\/javascript">([\s\S]*?)<\/script>/g)].map(
    (match) => match[1] ?? '',
  );
}

function keys(code: string): string[] {
  return tokenize(code).map(tokenKey);
}

describe('renderMonitoringCode', () => {
  it("prints SALESmanago's own code for an https SALESmanago host (salesmanago.md §1.1)", () => {
    expect(renderMonitoringCode({ clientId: CLIENT_ID, endpoint: SALESMANAGO })).toBe(
      [
        '<script type="text/javascript">',
        '  var _smid = "ab12cd34ef56gh78";',
        '  (function(w, r, a, sm, s) {',
        "    w['SalesmanagoObject'] = r;",
        '    w[r] = w[r] || function () {( w[r].q = w[r].q || [] ).push(arguments)};',
        "    sm = document.createElement('script'); sm.type = 'text/javascript'; sm.async = true; sm.src = a;",
        "    s = document.getElementsByTagName('script')[0];",
        '    s.parentNode.insertBefore(sm, s);',
        `  })(window, 'sm', ${TERNARY});`,
        '</script>',
      ].join('\n'),
    );
  });

  it("writes the flags after _smid in SALESmanago's order, the commands after the loader and pop-ups last", () => {
    const html = renderMonitoringCode({
      clientId: CLIENT_ID,
      endpoint: SALESMANAGO,
      options: {
        smapp: 2,
        smcustom: true,
        smbanners: true,
        cookieLifetimeDays: 30,
        popups: true,
        extraCommands: ["sm('webPush', ['uuid', '1'])"],
      },
    });
    const lines = html.split('\n');
    expect(lines.slice(1, 6)).toEqual([
      '  var _smid = "ab12cd34ef56gh78";',
      '  var _smapp = 2;',
      '  var _smcustom = true;',
      '  var _smbanners = true;',
      '  var _smclt = 30;',
    ]);
    expect(lines.slice(-3)).toEqual([
      "  sm('webPush', ['uuid', '1']);",
      '</script>',
      '<script src="https://app3.salesmanago.com/dynamic/ab12cd34ef56gh78/popups.js"></script>',
    ]);
  });

  it("uses the WordPress plugin's literal address for the http sandbox and for hosts with a path or port", () => {
    expect(smJsExpression(SANDBOX)).toBe("'http://localhost:3000/sandbox/static/sm.js'");
    expect(smJsExpression('https://proxy.example.com:8443')).toBe(
      "'https://proxy.example.com:8443/static/sm.js'",
    );
    expect(smJsExpression('https://tracking.example.com')).toBe(
      "'https://tracking.example.com/static/sm.js'",
    );
    expect(smJsExpression('https://app2.salesmanago.pl/')).toBe(
      "('https:' == document.location.protocol ? 'https://' : 'http://') + 'app2.salesmanago.pl/static/sm.js'",
    );
    expect(renderMonitoringCode({ clientId: CLIENT_ID, endpoint: SANDBOX })).toContain(
      "})(window, 'sm', 'http://localhost:3000/sandbox/static/sm.js');",
    );
  });

  it('derives absolute script addresses from the endpoint', () => {
    expect(smJsUrl('https://app2.salesmanago.pl')).toBe('https://app2.salesmanago.pl/static/sm.js');
    expect(smJsUrl(`${SANDBOX}/`)).toBe('http://localhost:3000/sandbox/static/sm.js');
    expect(popupsJsUrl(SANDBOX, CLIENT_ID)).toBe(
      'http://localhost:3000/sandbox/dynamic/ab12cd34ef56gh78/popups.js',
    );
  });

  it('refuses endpoints that are not plain http(s) URLs', () => {
    for (const endpoint of [
      'app2.salesmanago.pl',
      'javascript:alert(1)',
      'ftp://x.pl',
      'https://u:p@x.pl',
      'https://x.pl/?a=1',
      'https://x.pl/#a',
    ]) {
      expect(() => renderMonitoringCode({ clientId: CLIENT_ID, endpoint }), endpoint).toThrow(TypeError);
    }
  });

  it('turns invalid options into a TypeError naming the option', () => {
    expect(() =>
      renderMonitoringCode({ clientId: CLIENT_ID, endpoint: SALESMANAGO, options: { smapp: -1 } }),
    ).toThrow(/smapp/);
  });

  it('never puts a _smclientid line into the code; the site adds it for logged-in visitors', () => {
    const html = renderMonitoringCode({
      clientId: CLIENT_ID,
      endpoint: SALESMANAGO,
      options: { clientIdPlaceholder: true },
    });
    expect(html).toBe(renderMonitoringCode({ clientId: CLIENT_ID, endpoint: SALESMANAGO }));
    expect(renderSmClientIdLine('3521dc0f-a934-4b6c-bb08-84f2e144047d')).toBe(
      'var _smclientid = "3521dc0f-a934-4b6c-bb08-84f2e144047d";',
    );
    expect(() => renderSmClientIdLine('"; alert(1); "')).toThrow(TypeError);
  });
});

/** Every combination of the options that change the output, on both kinds of endpoint. */
function* optionCombinations(): Generator<{ endpoint: string; options: SnippetOptionsInput }> {
  for (const endpoint of [SALESMANAGO, SANDBOX]) {
    for (let bits = 0; bits < 1 << 8; bits++) {
      const on = (bit: number) => (bits & (1 << bit)) !== 0;
      yield {
        endpoint,
        options: {
          ...(on(0) ? { smapp: 7 } : {}),
          smcustom: on(1),
          smbanners: on(2),
          ...(on(3) ? { cookieLifetimeDays: 30 } : {}),
          popups: on(4),
          extraCommands: on(5)
            ? ["sm('webPush', ['72561301-97a8-4356-b1ae-ca624ab1db85', '120'])", "sm('event', { name: 'x' })"]
            : [],
          clientIdPlaceholder: on(6),
          format: on(7) ? 'minified' : 'readable',
        },
      };
    }
  }
}

describe('every option combination', () => {
  const loaderKeys = MONITORING_CODE_PARTS.flatMap((part) => keys(part.code));

  it('parses, keeps the official loader token for token, and passes the checker with no error or warning', () => {
    let count = 0;
    for (const { endpoint, options } of optionCombinations()) {
      count++;
      const label = `${endpoint} ${JSON.stringify(options)}`;
      const html = renderMonitoringCode({ clientId: CLIENT_ID, endpoint, options });
      const [main, ...rest] = scriptBodies(html);
      expect(rest, label).toEqual([]);
      expect(main, label).toBeDefined();
      const parsed = parseScript(main ?? '');
      expect(parsed.ok, label).toBe(true);

      // The loader is the parts' tokens in order, with the endpoint's address where the placeholder is.
      const urlKeys = keys(smJsExpression(endpoint));
      const expectedLoader = loaderKeys.flatMap((key) =>
        key === `name\u0000${SM_JS_URL_PLACEHOLDER}` ? urlKeys : [key],
      );
      const all = keys(main ?? '');
      const start = all.indexOf(expectedLoader[0] ?? '');
      expect(all.slice(start, start + expectedLoader.length), label).toEqual(expectedLoader);
      expect(all.slice(0, 4), label).toEqual(keys(`var _smid = "${CLIENT_ID}"`));

      expect(html.includes('popups.js'), label).toBe(options.popups);
      expect(/var _smapp = 7;/.test(html), label).toBe(options.smapp === 7);
      expect(/var _smcustom = true;/.test(html), label).toBe(options.smcustom);
      expect(/var _smbanners = true;/.test(html), label).toBe(options.smbanners);
      expect(/var _smclt = 30;/.test(html), label).toBe(options.cookieLifetimeDays === 30);
      expect(html.includes('_smclientid'), label).toBe(false);

      const result = checkSnippet({ source: html, expected: { clientId: CLIENT_ID, endpoint, options } });
      expect(result.status, label).toBe('ok');
      expect(result.scriptsFound, label).toBe(1);
      expect(
        result.findings.filter((finding) => finding.severity !== 'info'),
        label,
      ).toEqual([]);
      expect(result.findings[0]?.kind, label).toBe('ok');
    }
    expect(count).toBe(512);
  });

  it('gives the same tokens in the readable and the minified form, the minified on one line', () => {
    for (const { endpoint, options } of optionCombinations()) {
      if (options.format === 'minified') continue;
      const readable = renderMonitoringCode({ clientId: CLIENT_ID, endpoint, options });
      const minified = renderMonitoringCode({
        clientId: CLIENT_ID,
        endpoint,
        options: { ...options, format: 'minified' },
      });
      expect(minified).not.toContain('\n');
      expect(scriptBodies(minified).map(keys)).toEqual(scriptBodies(readable).map(keys));
      expect(minified.replace(/\s+/g, '')).toBe(readable.replace(/\s+/g, ''));
    }
  });

  it('reports an exact match for a fresh copy', () => {
    const html = renderMonitoringCode({ clientId: CLIENT_ID, endpoint: SALESMANAGO, options: { smapp: 1 } });
    const result = checkSnippet({
      source: html,
      expected: { clientId: CLIENT_ID, endpoint: SALESMANAGO, options: { smapp: 1 } },
    });
    expect(result.findings).toEqual([
      expect.objectContaining({ kind: 'ok', message: 'The code matches exactly.', line: 2 }),
    ]);
  });
});
