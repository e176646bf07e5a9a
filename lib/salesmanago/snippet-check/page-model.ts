/** The monitoring-code pieces found on a page, placed by source offset and line. */
import type { CallExpression, Expression } from 'acorn';
import type { FoundLoader } from './block';

export type PageLoader = {
  loader: FoundLoader;
  offset: number;
  line: number;
  /** Line of the `<script>` element holding the loader (the loader's own line for bare JavaScript). */
  elementLine: number;
  urlLine: number;
  /** Which `<script>` element of the page holds it. */
  script: number;
};
export type PageGlobal = {
  name: string;
  init: Expression | null | undefined;
  offset: number;
  line: number;
  /** Invisible or look-alike characters in the value, named with their line and column. */
  hidden?: string[];
};
export type PageCommand = {
  call: CallExpression;
  offset: number;
  line: number;
  code: string;
  script: number;
};
export type PagePopups = { src: string; line: number };

export type PageModel = {
  mode: 'html' | 'js';
  loaders: PageLoader[];
  globals: PageGlobal[];
  commands: PageCommand[];
  popups: PagePopups[];
};

/** The value of a `var` initialiser when it is a plain literal (including a negative number). */
export function literalValue(
  init: Expression | null | undefined,
): { ok: true; value: unknown } | { ok: false } {
  if (!init) return { ok: true, value: undefined };
  if (init.type === 'Literal') return { ok: true, value: init.value };
  if (
    init.type === 'UnaryExpression' &&
    init.operator === '-' &&
    init.argument.type === 'Literal' &&
    typeof init.argument.value === 'number'
  ) {
    return { ok: true, value: -init.argument.value };
  }
  return { ok: false };
}

export function showValue(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}
