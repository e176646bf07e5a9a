/**
 * What the checker compares against: the code this console generates for the integration's
 * settings, read back through the same parts the generator is built from.
 */
import type { Expression } from 'acorn';
import {
  MONITORING_CODE_PARTS,
  SM_JS_URL_PLACEHOLDER,
  assertClientId,
  monitoringScriptLines,
  popupsJsUrl,
  resolveSnippetOptions,
  smJsExpression,
  smJsUrl,
  snippetEndpoint,
  type LoaderPartId,
  type SnippetEndpoint,
} from '../monitoring-code';
import { parseScript, tokenKey, tokenize } from '../monitoring-code/js-syntax';
import type { SnippetOptions } from '@/lib/validations/snippet';
import type { CheckSnippetInput } from './types';

/** The key the sm.js address argument is collapsed to, on both sides of a loader comparison. */
export const URL_TOKEN_KEY = 'sm.js address';

export type ExpectedToken = { key: string; part: LoaderPartId };

export type ExpectedCode = {
  clientId: string;
  endpoint: SnippetEndpoint;
  options: SnippetOptions;
  smJsUrl: string;
  smJsExpression: string;
  popupsUrl: string;
  /** Loader tokens in order, the address argument as one URL_TOKEN_KEY token. */
  loaderTokens: ExpectedToken[];
  /** Extra commands (canonical source) with their call expressions. */
  commands: { code: string; call: Expression }[];
  /** Token keys of the whole main script, for the "matches exactly" verdict. */
  scriptTokenKeys: string[];
  /** `var` globals the settings ask for, by name. */
  globals: Map<string, number | boolean>;
};

function partTokens(): ExpectedToken[] {
  const tokens: ExpectedToken[] = [];
  for (const part of MONITORING_CODE_PARTS) {
    for (const token of tokenize(part.code)) {
      const isUrl = token.type.label === 'name' && token.value === SM_JS_URL_PLACEHOLDER;
      tokens.push({ key: isUrl ? URL_TOKEN_KEY : tokenKey(token), part: part.id });
    }
  }
  return tokens;
}

export function buildExpected(expected: CheckSnippetInput['expected']): ExpectedCode {
  assertClientId(expected.clientId);
  const options = resolveSnippetOptions(expected.options);
  const lines = monitoringScriptLines({ clientId: expected.clientId, endpoint: expected.endpoint, options });
  const commands = options.extraCommands.map((code) => {
    const parsed = parseScript(code);
    const statement = parsed.ok ? parsed.program.body[0] : undefined;
    if (!statement || statement.type !== 'ExpressionStatement')
      throw new TypeError(`Invalid extra command: ${code}`);
    return { code, call: statement.expression };
  });
  const globals = new Map<string, number | boolean>();
  if (options.smapp !== undefined) globals.set('_smapp', options.smapp);
  if (options.smcustom) globals.set('_smcustom', true);
  if (options.smbanners) globals.set('_smbanners', true);
  if (options.cookieLifetimeDays !== undefined) globals.set('_smclt', options.cookieLifetimeDays);
  return {
    clientId: expected.clientId,
    endpoint: snippetEndpoint(expected.endpoint),
    options,
    smJsUrl: smJsUrl(expected.endpoint),
    smJsExpression: smJsExpression(expected.endpoint),
    popupsUrl: popupsJsUrl(expected.endpoint, expected.clientId),
    loaderTokens: partTokens(),
    commands,
    scriptTokenKeys: tokenize(lines.map((line) => line.text).join('\n')).map(tokenKey),
    globals,
  };
}
