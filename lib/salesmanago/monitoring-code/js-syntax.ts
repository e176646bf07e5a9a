/**
 * Thin wrappers around acorn shared by the generator, the `sm(...)` command validator and the
 * snippet checker, so all three read JavaScript the same way a browser's classic script would.
 */
import { parse, tokenizer, type Program, type Token } from 'acorn';

// Classic `<script>` code is a Script, not a Module: `var` makes globals and `<!--` is a comment.
const ACORN_OPTIONS = { ecmaVersion: 'latest', sourceType: 'script', locations: true } as const;

/** acorn's Token type omits `value`, which it always sets for names, strings, numbers and operators. */
export type JsToken = Token & { value?: unknown };

export type JsSyntaxError = {
  /** acorn's message without the trailing "(line:column)". */
  message: string;
  /** Offset where the problem was found. */
  pos: number;
};

export type ParseResult = { ok: true; program: Program } | { ok: false; error: JsSyntaxError };

function toSyntaxError(error: unknown): JsSyntaxError {
  if (error instanceof SyntaxError) {
    const pos = (error as SyntaxError & { pos?: unknown }).pos;
    return {
      message: error.message.replace(/\s*\(\d+:\d+\)$/, ''),
      pos: typeof pos === 'number' ? pos : 0,
    };
  }
  throw error;
}

export function parseScript(code: string): ParseResult {
  try {
    return { ok: true, program: parse(code, ACORN_OPTIONS) };
  } catch (error) {
    return { ok: false, error: toSyntaxError(error) };
  }
}

/** Every token of `code` (comments and whitespace are not tokens). Throws on invalid code. */
export function tokenize(code: string): JsToken[] {
  const tokens: JsToken[] = [];
  for (const token of tokenizer(code, ACORN_OPTIONS)) tokens.push(token as JsToken);
  return tokens;
}

/**
 * The comparable identity of a token: its type and its value. String tokens compare by their
 * decoded value, so `"x"` and `'x'` are the same token, as they are to the browser.
 */
export function tokenKey(token: JsToken): string {
  const value =
    token.value === undefined ? '' : typeof token.value === 'string' ? token.value : String(token.value);
  return `${token.type.label}\u0000${value}`;
}

const POSITION_KEYS = new Set(['start', 'end', 'loc', 'range', 'raw']);

/**
 * Structural equality of two ESTree values, ignoring positions and raw source text. Two pieces
 * of code with equal trees behave identically, whatever their quotes, semicolons or parentheses.
 */
export function astEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a === 'number' && typeof b === 'number') return Object.is(a, b);
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, i) => astEqual(item, b[i]));
  }
  if (a instanceof RegExp || b instanceof RegExp) return String(a) === String(b);
  const recordA = a as Record<string, unknown>;
  const recordB = b as Record<string, unknown>;
  const keys = new Set([...Object.keys(recordA), ...Object.keys(recordB)]);
  for (const key of keys) {
    if (POSITION_KEYS.has(key)) continue;
    if (!astEqual(recordA[key], recordB[key])) return false;
  }
  return true;
}
