/**
 * The website monitoring code: the `<script>` a marketer pastes before `</body>`.
 *
 * Its shape is SALESmanago's own, character for character where SALESmanago is consistent
 * (salesmanago.md §1.1): the `_sm*` globals, then the loader that records the queue function's
 * name, stubs `sm()` with a queue and inserts sm.js asynchronously. The checker reads the same
 * description (MONITORING_CODE_PARTS), so "what we generate" and "what we accept" cannot drift.
 */
import {
  snippetOptionsSchema,
  type SnippetOptions,
  type SnippetOptionsInput,
} from '@/lib/validations/snippet';
import { htmlAttributeValue, jsStringLiteral } from './monitoring-code/js-literal';
import { popupsJsUrl, smJsExpression } from './monitoring-code/endpoint-url';

export {
  popupsJsUrl,
  smJsExpression,
  smJsUrl,
  snippetEndpoint,
  type SnippetEndpoint,
} from './monitoring-code/endpoint-url';

/** Client IDs are short alphanumeric tokens (e.g. `95o3qh61adymeazk`); anything else is refused. */
export const CLIENT_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** Stands for the sm.js address inside the `call` part; a single identifier token. */
export const SM_JS_URL_PLACEHOLDER = '__SM_JS_URL__';

export type LoaderPartId =
  'open' | 'object-name' | 'queue' | 'create' | 'type' | 'async' | 'src' | 'first-script' | 'insert' | 'call';

export type LoaderPart = {
  id: LoaderPartId;
  /** The exact source of this part, as SALESmanago writes it. */
  code: string;
  /** What the part does, in plain words, for messages. */
  label: string;
  /** Which line of the readable form the part is on (several short statements share one line). */
  line: number;
  /** Nesting level in the readable form: 1 inside `<script>`, 2 inside the loader function. */
  depth: 1 | 2;
};

export const MONITORING_CODE_PARTS: readonly LoaderPart[] = [
  {
    id: 'open',
    code: '(function(w, r, a, sm, s) {',
    label: 'the start of the loader function with its five parameters (w, r, a, sm, s)',
    line: 0,
    depth: 1,
  },
  {
    id: 'object-name',
    code: "w['SalesmanagoObject'] = r;",
    label: "the line that tells sm.js the name of the sm function (w['SalesmanagoObject'] = r)",
    line: 1,
    depth: 2,
  },
  {
    id: 'queue',
    code: 'w[r] = w[r] || function () {( w[r].q = w[r].q || [] ).push(arguments)};',
    label: 'the queue (w[r].q) that keeps sm(...) calls made before sm.js has loaded',
    line: 2,
    depth: 2,
  },
  {
    id: 'create',
    code: "sm = document.createElement('script');",
    label: "the line that creates the <script> element for sm.js (document.createElement('script'))",
    line: 3,
    depth: 2,
  },
  {
    id: 'type',
    code: "sm.type = 'text/javascript';",
    label: "the script type (sm.type = 'text/javascript')",
    line: 3,
    depth: 2,
  },
  {
    id: 'async',
    code: 'sm.async = true;',
    label: 'sm.async = true, which loads sm.js without holding up the page',
    line: 3,
    depth: 2,
  },
  {
    id: 'src',
    code: 'sm.src = a;',
    label: 'sm.src = a, which points the new element at sm.js',
    line: 3,
    depth: 2,
  },
  {
    id: 'first-script',
    code: "s = document.getElementsByTagName('script')[0];",
    label: "the lookup of the page's first script (document.getElementsByTagName('script')[0])",
    line: 4,
    depth: 2,
  },
  {
    id: 'insert',
    code: 's.parentNode.insertBefore(sm, s);',
    label: 'the line that adds sm.js to the page (s.parentNode.insertBefore(sm, s))',
    line: 5,
    depth: 2,
  },
  {
    id: 'call',
    code: `})(window, 'sm', ${SM_JS_URL_PLACEHOLDER});`,
    label: "the end of the loader, which passes window, the name 'sm' and the sm.js address",
    line: 6,
    depth: 1,
  },
];

export type MonitoringCodeInput = {
  clientId: string;
  /** Normalised endpoint URL, e.g. `https://app2.salesmanago.pl` or `http://localhost:3000/sandbox`. */
  endpoint: string;
  options?: SnippetOptionsInput;
};

/** Throws a TypeError unless the client ID is safe to print (the settings schema checks it earlier too). */
export function assertClientId(clientId: string): void {
  if (typeof clientId !== 'string' || !CLIENT_ID_PATTERN.test(clientId)) {
    throw new TypeError(
      'The client ID may contain only letters, digits, "-" and "_" (at most 64 characters).',
    );
  }
}

/** Parses options through the shared schema, turning a validation failure into a TypeError. */
export function resolveSnippetOptions(options: SnippetOptionsInput | undefined): SnippetOptions {
  const parsed = snippetOptionsSchema.safeParse(options ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
    throw new TypeError(`Invalid monitoring code options: ${where}${issue?.message ?? 'invalid value'}`);
  }
  return parsed.data;
}

function optionLines(options: SnippetOptions): string[] {
  const lines: string[] = [];
  if (options.smapp !== undefined) lines.push(`var _smapp = ${String(options.smapp)};`);
  if (options.smcustom) lines.push('var _smcustom = true;');
  if (options.smbanners) lines.push('var _smbanners = true;');
  if (options.cookieLifetimeDays !== undefined)
    lines.push(`var _smclt = ${String(options.cookieLifetimeDays)};`);
  return lines;
}

function loaderLines(urlExpression: string): { depth: number; text: string }[] {
  const lines: { depth: number; text: string }[] = [];
  for (const part of MONITORING_CODE_PARTS) {
    const code = part.code.replace(SM_JS_URL_PLACEHOLDER, urlExpression);
    const current = lines[part.line];
    if (current) current.text += ` ${code}`;
    else lines[part.line] = { depth: part.depth, text: code };
  }
  return lines;
}

/** The statements inside the main `<script>`, one line each, with their nesting depth. */
export function monitoringScriptLines(input: MonitoringCodeInput): { depth: number; text: string }[] {
  assertClientId(input.clientId);
  const options = resolveSnippetOptions(input.options);
  return [
    { depth: 1, text: `var _smid = ${jsStringLiteral(input.clientId, '"')};` },
    ...optionLines(options).map((text) => ({ depth: 1, text })),
    ...loaderLines(smJsExpression(input.endpoint)),
    // Commands come out of the schema already re-written from plain data (sm-command.ts).
    ...options.extraCommands.map((text) => ({ depth: 1, text })),
  ];
}

/**
 * Renders the monitoring code. Readable: one line per statement group, two-space indent, as
 * SALESmanago prints it. Minified: the same tokens on one line, as the WordPress plugin serves it.
 * Lines are trimmed and joined rather than collapsing all whitespace (the plugin's regex), which
 * would also squeeze spaces inside an extra command's strings.
 */
export function renderMonitoringCode(input: MonitoringCodeInput): string {
  const options = resolveSnippetOptions(input.options);
  const lines = monitoringScriptLines({ ...input, options });
  const popups = options.popups
    ? `<script src="${htmlAttributeValue(popupsJsUrl(input.endpoint, input.clientId))}"></script>`
    : undefined;
  const open = '<script type="text/javascript">';
  const close = '</script>';
  if (options.format === 'minified') {
    return [open, ...lines.map((line) => line.text), close, ...(popups ? [popups] : [])].join(' ');
  }
  const body = lines.map((line) => `${'  '.repeat(line.depth)}${line.text}`);
  return [open, ...body, close, ...(popups ? [popups] : [])].join('\n');
}

/**
 * The optional line that identifies a logged-in visitor to sm.js (salesmanago.md §1.2), for the
 * site's server to print after `var _smid` with the contact's SALESmanago ID. Not part of the
 * generated code: see `clientIdPlaceholder` in lib/validations/snippet.ts.
 */
export function renderSmClientIdLine(contactId: string): string {
  if (!CLIENT_ID_PATTERN.test(contactId)) {
    throw new TypeError(
      'A contact ID may contain only letters, digits, "-" and "_" (at most 64 characters).',
    );
  }
  return `var _smclientid = ${jsStringLiteral(contactId, '"')};`;
}
