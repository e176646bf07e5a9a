/**
 * Validation and canonical re-writing of the extra `sm(...)` lines appended after the loader,
 * e.g. `sm('webPush', ['<consent-form-uuid>', '1']);` (salesmanago.md §1.4).
 *
 * A command is accepted only when it is one call of `sm` whose arguments are plain data. It is
 * then written out again from its syntax tree with the safe string encoder, never echoed: so no
 * input can smuggle code, a `</script>` or a second statement into the generated snippet.
 */
import type { Expression, Node, SpreadElement } from 'acorn';
import { jsStringLiteral } from './js-literal';
import { parseScript } from './js-syntax';

export const MAX_SM_COMMAND_LENGTH = 500;
// Real commands are flat (`['uuid', '1']`); the cap only keeps the recursion bounded.
const MAX_NESTING = 16;

export type SmCommandResult = { ok: true; code: string } | { ok: false; message: string };

class CommandError extends Error {}

const IDENTIFIER_KEY = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

function describe(node: Node, source: string): string {
  const text = source.slice(node.start, node.end);
  const shown = text.length > 40 ? `${text.slice(0, 37)}...` : text;
  switch (node.type) {
    case 'Identifier':
      return `a name (${shown}); put text in quotes`;
    case 'FunctionExpression':
    case 'ArrowFunctionExpression':
      return 'a function';
    case 'CallExpression':
    case 'NewExpression':
      return `a function call (${shown})`;
    case 'TemplateLiteral':
      return 'a template string in backticks; use plain quotes';
    case 'MemberExpression':
      return `a property lookup (${shown})`;
    case 'SpreadElement':
      return 'a spread (...)';
    default:
      return `an expression (${shown})`;
  }
}

function literalData(node: Expression | SpreadElement, source: string, depth: number): string {
  if (depth > MAX_NESTING) throw new CommandError('The arguments are nested too deeply.');
  switch (node.type) {
    case 'Literal': {
      const value = node.value;
      if (typeof value === 'string') return jsStringLiteral(value, "'");
      if (typeof value === 'number' && Number.isFinite(value)) return String(value);
      if (typeof value === 'boolean') return String(value);
      if (value === null && !('regex' in node) && !('bigint' in node)) return 'null';
      break;
    }
    case 'UnaryExpression':
      if (
        node.operator === '-' &&
        node.argument.type === 'Literal' &&
        typeof node.argument.value === 'number'
      ) {
        return `-${String(node.argument.value)}`;
      }
      break;
    case 'ArrayExpression':
      return `[${node.elements
        .map((element) => {
          if (element === null) throw new CommandError('A list has an empty slot (two commas in a row).');
          return literalData(element, source, depth + 1);
        })
        .join(', ')}]`;
    case 'ObjectExpression': {
      const entries = node.properties.map((property) => {
        if (
          property.type !== 'Property' ||
          property.kind !== 'init' ||
          property.method ||
          property.computed
        ) {
          throw new CommandError(
            `An object may hold only "key: value" pairs; found ${describe(property, source)}.`,
          );
        }
        if (property.shorthand) {
          throw new CommandError(
            `An object entry has no value (${source.slice(property.start, property.end)}).`,
          );
        }
        const key = property.key;
        let keyCode: string;
        if (key.type === 'Identifier')
          keyCode = IDENTIFIER_KEY.test(key.name) ? key.name : jsStringLiteral(key.name, "'");
        else if (key.type === 'Literal' && typeof key.value === 'string')
          keyCode = jsStringLiteral(key.value, "'");
        else if (key.type === 'Literal' && typeof key.value === 'number' && Number.isFinite(key.value))
          keyCode = String(key.value);
        else throw new CommandError(`An object key must be a name or text; found ${describe(key, source)}.`);
        return `${keyCode}: ${literalData(property.value as Expression, source, depth + 1)}`;
      });
      return entries.length === 0 ? '{}' : `{ ${entries.join(', ')} }`;
    }
  }
  throw new CommandError(
    `Arguments may only be text in quotes, numbers, true/false, null, [lists] and {objects}; found ${describe(node, source)}.`,
  );
}

/**
 * Checks one extra command and returns it in canonical form:
 * single-quoted strings, `, ` between items, `{ key: value }` objects and a final semicolon.
 */
export function canonicalSmCommand(input: string): SmCommandResult {
  const source = input.trim();
  if (source.length === 0) return { ok: false, message: 'The command is empty.' };
  if (source.length > MAX_SM_COMMAND_LENGTH) {
    return { ok: false, message: `A command can be at most ${MAX_SM_COMMAND_LENGTH} characters long.` };
  }
  const parsed = parseScript(source);
  if (!parsed.ok) {
    return { ok: false, message: `This is not valid JavaScript (${parsed.error.message}).` };
  }
  const body = parsed.program.body;
  const statement = body[0];
  if (body.length !== 1 || !statement) {
    return { ok: false, message: "Write exactly one command per line, like sm('webPush', ['uuid', '1']);" };
  }
  if (
    statement.type !== 'ExpressionStatement' ||
    statement.expression.type !== 'CallExpression' ||
    statement.expression.optional ||
    statement.expression.callee.type !== 'Identifier' ||
    statement.expression.callee.name !== 'sm'
  ) {
    return {
      ok: false,
      message: "A command must be a single call of sm(...), like sm('webPush', ['uuid', '1']);",
    };
  }
  const args = statement.expression.arguments;
  const first = args[0];
  if (!first || first.type !== 'Literal' || typeof first.value !== 'string') {
    return {
      ok: false,
      message: "The first argument of sm(...) must be the command name in quotes, like 'webPush'.",
    };
  }
  try {
    return { ok: true, code: `sm(${args.map((arg) => literalData(arg, source, 0)).join(', ')});` };
  } catch (error) {
    if (error instanceof CommandError) return { ok: false, message: error.message };
    throw error;
  }
}
