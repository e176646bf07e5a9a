/**
 * The snippet checker: finds the monitoring code in pasted code or a fetched page and explains,
 * in plain words with a fix, every way it differs from the code this console generates.
 *
 * Steps: locate `<script>` elements (html-scan), undo editor corruption on a copy (repair),
 * parse with acorn and read the statements (block), then compare token by token with the
 * generated code (loader-compare, url) and with the settings (settings-compare).
 */
import { parseScript, tokenKey, tokenize } from './monitoring-code/js-syntax';
import { MONITORING_MARKER, readBlock } from './snippet-check/block';
import { corruptionFindings, syntaxErrorFinding } from './snippet-check/corruption-findings';
import { buildExpected } from './snippet-check/expected';
import { LineIndex, scanDocument, type ScriptElement } from './snippet-check/html-scan';
import { compareLoader } from './snippet-check/loader-compare';
import type { PageModel } from './snippet-check/page-model';
import { parseWithRepairs } from './snippet-check/repair';
import { checkScriptElement, POPUPS_SRC, strayFindings } from './snippet-check/script-element';
import {
  compareClientId,
  compareCommands,
  compareGlobals,
  comparePopups,
} from './snippet-check/settings-compare';
import type { CheckSnippetInput, CheckSnippetResult, Finding } from './snippet-check/types';
import { compareUrl, readUrlExpression } from './snippet-check/url';

export type { CheckSnippetInput, CheckSnippetResult, Finding, FindingKind } from './snippet-check/types';

const SEVERITY_ORDER = { error: 0, warning: 1, info: 2 } as const;

/** Inline scripts made only of `sm(...)` calls: the site's own commands placed in their own element. */
function commandOnlyScript(script: ScriptElement, index: number, page: PageModel, lines: LineIndex): void {
  if (script.attributes.has('src') || !/\bsm\s*\(/.test(script.content)) return;
  const parsed = parseScript(script.content);
  if (!parsed.ok || parsed.program.body.length === 0) return;
  const calls = [];
  for (const statement of parsed.program.body) {
    const expression = statement.type === 'ExpressionStatement' ? statement.expression : undefined;
    if (
      expression?.type !== 'CallExpression' ||
      expression.callee.type !== 'Identifier' ||
      expression.callee.name !== 'sm'
    )
      return;
    calls.push({ call: expression, start: statement.start, end: statement.end });
  }
  for (const { call, start, end } of calls) {
    const offset = script.contentStart + start;
    page.commands.push({
      call,
      offset,
      line: lines.lineAt(offset),
      code: script.content.slice(start, end).trim(),
      script: index,
    });
  }
}

export function checkSnippet(input: CheckSnippetInput): CheckSnippetResult {
  const expected = buildExpected(input.expected);
  const { source } = input;
  const lines = new LineIndex(source);
  const document = scanDocument(source);
  const page: PageModel = { mode: document.mode, loaders: [], globals: [], commands: [], popups: [] };
  const findings: Finding[] = [];
  let scriptsFound = 0;
  let exactCopies = 0;

  for (const [index, script] of document.scripts.entries()) {
    const src = script.attributes.get('src');
    if (src !== undefined && POPUPS_SRC.test(src))
      page.popups.push({ src, line: lines.lineAt(script.tagStart) });
    if (!MONITORING_MARKER.test(script.content)) {
      commandOnlyScript(script, index, page, lines);
      continue;
    }
    const repaired = parseWithRepairs(script.content);
    const contentLine = (offset: number) => lines.lineAt(script.contentStart + offset);
    const textLine = (offset: number) => contentLine(repaired.map[offset] ?? script.content.length);
    const elementLine = lines.lineAt(script.bare ? 0 : script.tagStart);
    const repairs = corruptionFindings(repaired, contentLine);
    const syntaxError = syntaxErrorFinding(repaired, textLine, script.closed, repairs.length > 0);
    if (!repaired.parsed.ok) {
      scriptsFound++;
      findings.push(
        ...repairs,
        ...(syntaxError ? [syntaxError] : []),
        ...checkScriptElement(script, elementLine),
      );
      continue;
    }
    const { text } = repaired;
    const tokens = tokenize(text);
    const contents = readBlock(repaired.parsed.program, text);
    if (contents.loaders.length === 0 && contents.globals.length === 0 && contents.commands.length === 0)
      continue;
    scriptsFound++;
    findings.push(...repairs, ...checkScriptElement(script, elementLine));
    const toSource = (offset: number) =>
      script.contentStart + (repaired.map[offset] ?? script.content.length);
    const context = { text, tokens, lineOf: textLine };

    for (const global of contents.globals) {
      page.globals.push({ ...global, offset: toSource(global.start), line: textLine(global.start) });
    }
    for (const command of contents.commands) {
      const code = text.slice(command.start, command.end).trim();
      page.commands.push({
        call: command.call,
        offset: toSource(command.start),
        line: textLine(command.start),
        code,
        script: index,
      });
    }
    for (const offset of contents.glued) {
      findings.push({
        kind: 'missing-semicolon',
        severity: 'error',
        line: textLine(offset),
        message: `The semicolon after the client ID on line ${textLine(offset)} is missing, so the browser joins that line with the loader below it and stops with an error.`,
        fix: 'Add ; at the end of the var _smid line, or copy the code again from this console.',
        expected: ';',
        found: '(missing)',
      });
    }
    for (const loader of contents.loaders) {
      const line = textLine(loader.node.start);
      const urlLine = textLine(loader.url?.start ?? loader.node.start);
      page.loaders.push({
        loader,
        offset: toSource(loader.node.start),
        line,
        elementLine: script.bare ? line : elementLine,
        urlLine,
        script: index,
      });
      if (loader.kind === 'modern') findings.push(...compareLoader(loader, expected, context));
      if (loader.kind === 'legacy') {
        findings.push({
          kind: 'legacy-loader',
          severity: 'warning',
          line,
          message:
            'This is the old monitoring code without the sm queue. Tracking works, but sm(...) calls made before sm.js has loaded (web push, events) are lost or stop with "sm is not defined".',
          fix: 'Replace it with the current code from this console.',
          expected: expected.smJsExpression,
        });
      }
      if (loader.nested) {
        findings.push({
          kind: 'other-code',
          severity: 'info',
          line,
          message: `The monitoring code on line ${line} runs inside other code (for example a consent check or an onload handler), so it runs only when that code runs it.`,
          fix: 'Nothing to do if that is intended.',
        });
      }
      findings.push(
        ...compareUrl(loader.url ? readUrlExpression(loader.url) : { form: 'unknown' }, expected, urlLine),
      );
    }
    if (contents.others.length > 0) {
      const first = contents.others[0];
      findings.push({
        kind: 'other-code',
        severity: 'info',
        line: textLine(first?.start ?? 0),
        message: "Other code shares the monitoring code's <script> element. It is not checked here.",
        fix: 'Nothing to do, as long as that code does not fail before the monitoring code runs.',
      });
    }
    if (tokens.map(tokenKey).join('\n') === expected.scriptTokenKeys.join('\n')) exactCopies++;
  }

  findings.push(...strayFindings(document.strays, (offset) => lines.lineAt(offset)));
  if (page.loaders.length === 0 && page.globals.some((global) => global.name === '_smid')) {
    findings.push({
      kind: 'loader-changed',
      severity: 'error',
      line: page.globals.find((global) => global.name === '_smid')?.line,
      message:
        'The code sets the client ID, but the loader that brings in sm.js, the (function(w, r, a, sm, s) { ... }) part, is missing or not recognisable.',
      fix: 'Copy the whole code again from this console and replace what is on the page.',
    });
  }
  if (page.loaders.length > 1) {
    const at = page.loaders.map((loader) => loader.elementLine);
    findings.push({
      kind: 'duplicate',
      severity: 'error',
      line: at[1],
      message: `The monitoring code is on this page ${at.length} times (lines ${at.join(', ')}). Two monitoring codes on one page break tracking; keep only one.`,
      fix: 'Delete all copies but one. If a plugin, theme or tag manager also adds the code, remove the one pasted by hand.',
    });
  }
  findings.push(
    ...compareClientId(page, expected),
    ...compareGlobals(page, expected),
    ...compareCommands(page, expected),
  );
  findings.push(...comparePopups(page, expected));

  const unique = dedupe(findings);
  const hasProblems = unique.some((finding) => finding.severity !== 'info');
  if (scriptsFound === 0 && !hasProblems) {
    return {
      status: 'not-found',
      scriptsFound,
      findings: [
        {
          kind: 'not-found',
          severity: 'error',
          message: 'No SALESmanago monitoring code was found here.',
          fix: "Paste the code just before </body> on every page. If a cache plugin or CDN is used, clear it; if the code is added by Google Tag Manager, it is not in the page source, so check it in Tag Manager's preview instead.",
        },
      ],
    };
  }
  if (!hasProblems) {
    const exact =
      unique.length === 0 && exactCopies === 1 && page.commands.length === expected.commands.length;
    unique.unshift({
      kind: 'ok',
      severity: 'info',
      line: page.globals.find((global) => global.name === '_smid')?.line ?? page.loaders[0]?.line,
      message: exact
        ? 'The code matches exactly.'
        : unique.length === 0
          ? 'The code matches your settings.'
          : 'The code matches your settings. The differences listed below are harmless.',
      fix: 'Nothing to do.',
    });
  }
  return { status: hasProblems ? 'problems' : 'ok', scriptsFound, findings: unique };
}

function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings
    .filter((finding) => {
      const key = `${finding.kind}|${finding.line ?? ''}|${finding.message}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || (a.line ?? 0) - (b.line ?? 0));
}
