/**
 * Token-by-token comparison of a found loader with the generated one. Tokens, not characters:
 * whitespace, line breaks and quote style never count, every other change does. When the two
 * syntax trees are equal the remaining token changes (a semicolon, extra parentheses) cannot
 * change what runs and are reported as info only.
 */
import type { CallExpression, ExpressionStatement } from 'acorn';
import { MONITORING_CODE_PARTS, SM_JS_URL_PLACEHOLDER, type LoaderPartId } from '../monitoring-code';
import { astEqual, parseScript, tokenKey, type JsToken } from '../monitoring-code/js-syntax';
import type { FoundLoader } from './block';
import { URL_TOKEN_KEY, type ExpectedCode } from './expected';
import { alignDeletions, diffKeys, mergeByPart, type Hunk } from './token-diff';
import type { Finding } from './types';

export type TextContext = { text: string; tokens: JsToken[]; lineOf: (textOffset: number) => number };

type FoundToken = { key: string; start: number; end: number; label: string; value: unknown };

const INVISIBLE = /[\u200B-\u200D\u2060\u00AD]/;
// A statement starting with one of these continues the previous line when its semicolon is missing.
const CONTINUES_PREVIOUS = new Set(['(', '[', '`', '+/-', '/', 'regexp']);

const expectedStatement = (() => {
  const parsed = parseScript(MONITORING_CODE_PARTS.map((part) => part.code).join('\n'));
  if (!parsed.ok) throw new Error('MONITORING_CODE_PARTS do not form valid JavaScript');
  return parsed.program.body[0] as ExpressionStatement;
})();

function withoutAddress(statement: ExpressionStatement): unknown {
  const call = statement.expression as CallExpression;
  if (call.type !== 'CallExpression' || call.arguments.length < 3) return statement;
  return {
    ...statement,
    expression: {
      ...call,
      arguments: [...call.arguments.slice(0, 2), URL_TOKEN_KEY, ...call.arguments.slice(3)],
    },
  };
}

function foundTokens(loader: FoundLoader, context: TextContext): FoundToken[] {
  const { start, end } = loader.node;
  const url = loader.url;
  const result: FoundToken[] = [];
  for (const token of context.tokens) {
    if (token.start < start || token.end > end) continue;
    if (url && token.start >= url.start && token.end <= url.end) {
      if (token.start === url.start || result.at(-1)?.key !== URL_TOKEN_KEY) {
        result.push({ key: URL_TOKEN_KEY, start: url.start, end: url.end, label: 'url', value: undefined });
      }
      continue;
    }
    result.push({
      key: tokenKey(token),
      start: token.start,
      end: token.end,
      label: token.type.label,
      value: token.value,
    });
  }
  return result;
}

const STATEMENT_EDGE = new Set([';', '{', '}']);

/** The found source from the statement boundary before a hunk to the one after it, e.g. `s.parentNode.appendChild(sm);`. */
function statementText(found: FoundToken[], hunk: Hunk, text: string): string {
  let first = hunk.bStart;
  while (first > 0 && !STATEMENT_EDGE.has(found[first - 1]?.label ?? ';')) first--;
  let last = hunk.bEnd - 1;
  while (last < found.length - 1 && !STATEMENT_EDGE.has(found[last]?.label ?? ';')) last++;
  return shorten(text.slice(found[first]?.start, found[last]?.end));
}

function partCode(id: LoaderPartId, expected: ExpectedCode): string {
  const part = MONITORING_CODE_PARTS.find((candidate) => candidate.id === id);
  return (part?.code ?? '').replace(SM_JS_URL_PLACEHOLDER, expected.smJsExpression);
}

function shorten(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 160 ? `${flat.slice(0, 157)}...` : flat;
}

const FIX_LOADER =
  'Copy the code again from this console and replace the whole script. Do not edit the loader by hand: sm.js relies on every part of it.';

function hunkFinding(
  hunk: Hunk,
  expected: ExpectedCode,
  found: FoundToken[],
  context: TextContext,
  treeEqual: boolean,
): Finding {
  const aTokens = expected.loaderTokens.slice(hunk.aStart, hunk.aEnd);
  const bTokens = found.slice(hunk.bStart, hunk.bEnd);
  const before = found[hunk.bStart - 1];
  const after = found[hunk.bEnd];
  const line = context.lineOf(bTokens[0]?.start ?? before?.end ?? after?.start ?? 0);
  const foundText = bTokens.length > 0 ? statementText(found, hunk, context.text) : undefined;

  if ([...aTokens, ...bTokens].every((token) => token.key.startsWith(';'))) {
    if (bTokens.length === 0 && after && CONTINUES_PREVIOUS.has(after.label) && !treeEqual) {
      return {
        kind: 'missing-semicolon',
        severity: 'error',
        line,
        message: `A semicolon is missing on line ${line}, so the browser joins it with the next line into one broken statement.`,
        fix: 'Add the semicolon back, or copy the code again from this console.',
        expected: ';',
      };
    }
    return {
      kind: 'missing-semicolon',
      severity: 'info',
      line,
      message: `A semicolon differs from the original on line ${line}; the browser supplies it itself, so the code still works.`,
      fix: 'Nothing to do. A fresh copy from this console restores it.',
    };
  }
  const [single] = aTokens;
  const [first, second] = bTokens;
  if (
    single &&
    aTokens.length === 1 &&
    bTokens.length === 2 &&
    first &&
    second &&
    first.label === 'name' &&
    second.label === 'name'
  ) {
    const joined = `${String(first.value)}${String(second.value)}`;
    if (single.key === `name\u0000${joined}` && context.lineOf(second.start) > context.lineOf(first.start)) {
      return {
        kind: 'wrapped-line',
        severity: 'error',
        line,
        message: `The word ${joined} is split across lines ${line} and ${line + 1}, which makes it two different words.`,
        fix: `Join lines ${line} and ${line + 1} again, or copy the code again into an editor with word wrap turned off.`,
        expected: joined,
        found: foundText,
      };
    }
  }
  if (bTokens.some((token) => typeof token.value === 'string' && INVISIBLE.test(token.value))) {
    return {
      kind: 'invisible-characters',
      severity: 'error',
      line,
      message: `Line ${line} has an invisible character inside a name, so the browser reads a different name than the original.`,
      fix: 'Retype the line by hand, or copy the code again from this console through a plain-text editor.',
      found: foundText,
    };
  }
  if (treeEqual) {
    return {
      kind: 'harmless-change',
      severity: 'info',
      line,
      message: `Line ${line} is written differently from the original (${foundText ?? 'something removed'}) but does exactly the same.`,
      fix: 'Nothing to do.',
    };
  }
  const neighbour = expected.loaderTokens[hunk.aStart] ?? expected.loaderTokens[hunk.aStart - 1];
  const partIds = [
    ...new Set((aTokens.length > 0 ? aTokens : neighbour ? [neighbour] : []).map((token) => token.part)),
  ];
  const labels = partIds
    .map((id) => MONITORING_CODE_PARTS.find((part) => part.id === id)?.label ?? id)
    .join('; ');
  const onlySoftParts = partIds.every((id) => id === 'async' || (id === 'type' && bTokens.length === 0));
  const message =
    bTokens.length === 0
      ? `Part of the loader is missing on line ${line}: ${labels}.`
      : aTokens.length === 0
        ? `Something was added to the loader on line ${line} (${foundText}), next to ${labels}.`
        : `Part of the loader was changed on line ${line}: ${labels}.`;
  return {
    kind: 'loader-changed',
    severity: onlySoftParts ? 'warning' : 'error',
    line,
    message,
    fix: FIX_LOADER,
    expected: partIds.map((id) => partCode(id, expected)).join(' '),
    found: foundText ?? '(missing)',
  };
}

/** Findings for one current-style loader, not counting its sm.js address (see url.ts). */
export function compareLoader(loader: FoundLoader, expected: ExpectedCode, context: TextContext): Finding[] {
  const found = foundTokens(loader, context);
  const hunks = mergeByPart(
    alignDeletions(
      diffKeys(
        expected.loaderTokens.map((token) => token.key),
        found.map((token) => token.key),
      ),
      expected.loaderTokens,
    ),
    expected.loaderTokens,
  );
  if (hunks.length === 0) return [];
  const treeEqual =
    loader.node.type === 'ExpressionStatement' &&
    astEqual(withoutAddress(loader.node as ExpressionStatement), withoutAddress(expectedStatement));
  return hunks.map((hunk) => hunkFinding(hunk, expected, found, context, treeEqual));
}
