/**
 * Reading the sm.js address out of a loader call and comparing it with the settings.
 * SALESmanago prints it two ways (salesmanago.md §1.1): the legacy protocol ternary
 * `('https:' == document.location.protocol ? 'https://' : 'http://') + 'host/static/sm.js'`
 * and the WordPress plugin's literal `'https://host/static/sm.js'`. For one host both load the
 * same file, so a difference in form alone is reported as info.
 */
import type { Expression, Node } from 'acorn';
import type { ExpectedCode } from './expected';
import type { Finding } from './types';

export type FoundUrl =
  | { form: 'ternary' | 'literal' | 'protocol-relative'; onHttps: string; onHttp: string }
  | { form: 'unknown' };

function stringValue(node: Node): string | undefined {
  const value = node.type === 'Literal' ? (node as unknown as { value?: unknown }).value : undefined;
  return typeof value === 'string' ? value : undefined;
}

export function readUrlExpression(node: Expression): FoundUrl {
  const literal = stringValue(node);
  if (literal !== undefined) {
    if (literal.startsWith('//'))
      return { form: 'protocol-relative', onHttps: `https:${literal}`, onHttp: `http:${literal}` };
    return { form: 'literal', onHttps: literal, onHttp: literal };
  }
  if (
    node.type === 'BinaryExpression' &&
    node.operator === '+' &&
    node.left.type === 'ConditionalExpression'
  ) {
    const rest = stringValue(node.right);
    const whenHttps = stringValue(node.left.consequent);
    const whenHttp = stringValue(node.left.alternate);
    if (rest !== undefined && whenHttps !== undefined && whenHttp !== undefined) {
      return { form: 'ternary', onHttps: whenHttps + rest, onHttp: whenHttp + rest };
    }
  }
  return { form: 'unknown' };
}

function parseUrl(value: string): URL | undefined {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url : undefined;
  } catch {
    return undefined;
  }
}

const FIX_ADDRESS =
  'Copy the code again from this console, or if the site is right, correct the endpoint in the integration settings (it is the host you see after logging in to SALESmanago).';

/** Findings about where the loader fetches sm.js from. `line` is the line of the address. */
export function compareUrl(found: FoundUrl, expected: ExpectedCode, line: number): Finding[] {
  if (found.form === 'unknown') {
    return [
      {
        kind: 'loader-changed',
        severity: 'warning',
        line,
        message:
          'The sm.js address in the loader is not written as plain text, so the checker cannot tell where it loads from.',
        fix: 'Replace the code with a fresh copy from this console.',
        expected: expected.smJsExpression,
      },
    ];
  }
  const wanted = new URL(expected.smJsUrl);
  const pageProtocol = expected.endpoint.protocol;
  const address = pageProtocol === 'https:' ? found.onHttps : found.onHttp;
  const url = parseUrl(address);
  if (!url) {
    return [
      {
        kind: 'host-mismatch',
        severity: 'error',
        line,
        message: `The sm.js address "${address}" is not a valid web address, so sm.js never loads.`,
        fix: FIX_ADDRESS,
        expected: expected.smJsUrl,
        found: address,
      },
    ];
  }
  if (url.host !== wanted.host) {
    return [
      {
        kind: 'host-mismatch',
        severity: 'error',
        line,
        message: `The code loads sm.js from ${url.host}, but this integration's endpoint is ${wanted.host}. Visits are then reported to another SALESmanago server, which may not know this account.`,
        fix: FIX_ADDRESS,
        expected: wanted.host,
        found: url.host,
      },
    ];
  }
  if (url.pathname !== wanted.pathname) {
    return [
      {
        kind: 'host-mismatch',
        severity: 'error',
        line,
        message: `The code loads ${url.origin}${url.pathname} instead of ${expected.smJsUrl}.`,
        fix: FIX_ADDRESS,
        expected: expected.smJsUrl,
        found: `${url.origin}${url.pathname}`,
      },
    ];
  }
  if (pageProtocol === 'https:' && found.onHttps.startsWith('http:')) {
    return [
      {
        kind: 'host-mismatch',
        severity: 'error',
        line,
        message:
          'The code loads sm.js over plain http://. Browsers block that on https pages, so nothing is tracked there.',
        fix: 'Change the address to start with https://, or copy the code again from this console.',
        expected: expected.smJsUrl,
        found: found.onHttps,
      },
    ];
  }
  if (pageProtocol === 'http:' && found.onHttps !== found.onHttp) {
    return [
      {
        kind: 'host-mismatch',
        severity: 'warning',
        line,
        message: `On https pages this code asks for ${found.onHttps}, but the endpoint ${expected.endpoint.base} only speaks http.`,
        fix: 'Copy the code again from this console; for this endpoint it uses the exact address.',
        expected: expected.smJsUrl,
        found: found.onHttps,
      },
    ];
  }
  const expectedForm = expected.endpoint.urlForm;
  if (found.form !== expectedForm) {
    const described = found.form === 'ternary' ? 'with the http/https switch' : 'as a fixed address';
    return [
      {
        kind: 'harmless-change',
        severity: 'info',
        line,
        message: `The sm.js address is written ${described} instead of the form this console prints; both load ${expected.smJsUrl}.`,
        fix: 'Nothing to do.',
        expected: expected.smJsExpression,
      },
    ];
  }
  return [];
}
