/**
 * Reads one parsed monitoring-code script statement by statement: the `_sm*` globals, the
 * loader (current or legacy), `sm(...)` commands and anything else. Offsets are in the parsed
 * text; the caller maps them back to the page.
 */
import type {
  AnyNode,
  CallExpression,
  Expression,
  Function as FunctionNode,
  Literal,
  Node,
  Program,
  Statement,
} from 'acorn';
import { readUrlExpression } from './url';

export const MONITORING_MARKER = /_smid\b|SalesmanagoObject|static\/sm\.js/;

export type FoundLoader = {
  /** `modern`: the queue loader; `legacy`: §1.4 loader without the queue; `glued`: joined to `var _smid` by a missing semicolon. */
  kind: 'modern' | 'legacy' | 'glued';
  node: Node;
  call?: CallExpression;
  url?: Expression;
  /** True when the loader sits inside other code (a function, a condition). */
  nested: boolean;
};

export type FoundGlobal = { name: string; init: Expression | null | undefined; start: number };
export type FoundCommand = { call: CallExpression; start: number; end: number };

export type BlockContents = {
  loaders: FoundLoader[];
  globals: FoundGlobal[];
  commands: FoundCommand[];
  /** Top-level statements that are not monitoring code. */
  others: { start: number; end: number }[];
  /** Offsets where a missing semicolon glued `var _smid = "..."` to the following line. */
  glued: number[];
};

function asCall(expression: Expression): CallExpression | undefined {
  const inner = expression.type === 'UnaryExpression' ? expression.argument : expression;
  return inner.type === 'CallExpression' ? inner : undefined;
}

function isSmCall(expression: Expression): expression is CallExpression {
  return (
    expression.type === 'CallExpression' &&
    expression.callee.type === 'Identifier' &&
    expression.callee.name === 'sm'
  );
}

function calledFunction(call: CallExpression): FunctionNode | undefined {
  const callee = call.callee;
  return callee.type === 'FunctionExpression' || callee.type === 'ArrowFunctionExpression'
    ? callee
    : undefined;
}

/** The `x.src = <address>` inside a legacy loader, when the address is sm.js. */
function legacySource(fn: FunctionNode): Expression | undefined {
  let found: Expression | undefined;
  const visit = (node: unknown): void => {
    if (found || !node || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach(visit);
    const n = node as AnyNode;
    if (
      n.type === 'AssignmentExpression' &&
      n.left.type === 'MemberExpression' &&
      n.left.property.type === 'Identifier' &&
      n.left.property.name === 'src'
    ) {
      const url = readUrlExpression(n.right);
      if (url.form !== 'unknown' && /\/static\/sm\.js(?:[?#]|$)/.test(url.onHttps)) found = n.right;
      return;
    }
    for (const [key, value] of Object.entries(n)) if (key !== 'loc') visit(value);
  };
  visit(fn.body);
  return found;
}

function classifyLoader(call: CallExpression, source: string): FoundLoader['kind'] | undefined {
  const fn = calledFunction(call);
  if (!fn) return undefined;
  const second = call.arguments[1];
  const passesSm = second?.type === 'Literal' && (second as Literal).value === 'sm';
  if (source.includes('SalesmanagoObject') || (passesSm && fn.params.length >= 3)) return 'modern';
  return legacySource(fn) ? 'legacy' : undefined;
}

/** Statement lists nested in `node` (blocks, and single statements under if/else or in callbacks). */
function nestedStatementLists(node: Node): Statement[][] {
  const lists: Statement[][] = [];
  const visit = (value: unknown, isRoot: boolean): void => {
    if (!value || typeof value !== 'object') return;
    if (Array.isArray(value)) return value.forEach((item) => visit(item, false));
    const n = value as Node;
    if (typeof n.type !== 'string') return;
    if (!isRoot && n.type === 'BlockStatement') {
      lists.push((n as unknown as { body: Statement[] }).body);
      return;
    }
    if (!isRoot && (n.type === 'ExpressionStatement' || n.type === 'VariableDeclaration')) {
      lists.push([n as Statement]);
      return;
    }
    for (const [key, child] of Object.entries(n)) if (key !== 'loc') visit(child, false);
  };
  if (node.type === 'BlockStatement') lists.push((node as unknown as { body: Statement[] }).body);
  else visit(node, true);
  return lists;
}

/** The literal at the bottom of `"x"(...)(...)`: the sign of a statement glued onto a string. */
function gluedLiteral(init: Expression): { literal: Literal; outer: CallExpression } | undefined {
  if (init.type !== 'CallExpression') return undefined;
  let callee: Node = init.callee;
  while (callee.type === 'CallExpression') callee = (callee as CallExpression).callee;
  return callee.type === 'Literal' ? { literal: callee as Literal, outer: init } : undefined;
}

export function readBlock(program: Program, text: string): BlockContents {
  const contents: BlockContents = { loaders: [], globals: [], commands: [], others: [], glued: [] };

  const visitList = (statements: Statement[], depth: number) => {
    for (const statement of statements) {
      const source = text.slice(statement.start, statement.end);
      if (statement.type === 'VariableDeclaration') {
        let isMonitoring = false;
        for (const declarator of statement.declarations) {
          if (declarator.id.type !== 'Identifier' || !declarator.id.name.startsWith('_sm')) continue;
          isMonitoring = true;
          const glued = declarator.init ? gluedLiteral(declarator.init) : undefined;
          contents.globals.push({
            name: declarator.id.name,
            init: glued ? glued.literal : declarator.init,
            start: declarator.start,
          });
          if (glued) {
            contents.glued.push(glued.literal.end);
            const second = glued.outer.arguments[1];
            if (second?.type === 'Literal' && second.value === 'sm') {
              contents.loaders.push({
                kind: 'glued',
                node: statement,
                url: glued.outer.arguments[2] as Expression | undefined,
                nested: depth > 0,
              });
            }
          }
        }
        if (!isMonitoring && depth === 0)
          contents.others.push({ start: statement.start, end: statement.end });
        continue;
      }
      if (statement.type === 'ExpressionStatement') {
        if (isSmCall(statement.expression)) {
          contents.commands.push({ call: statement.expression, start: statement.start, end: statement.end });
          continue;
        }
        const call = asCall(statement.expression);
        const kind = call ? classifyLoader(call, source) : undefined;
        if (call && kind) {
          const url =
            kind === 'modern' ? call.arguments[2] : legacySource(calledFunction(call) as FunctionNode);
          contents.loaders.push({
            kind,
            node: statement,
            call,
            url: url as Expression | undefined,
            nested: depth > 0,
          });
          continue;
        }
      }
      if (MONITORING_MARKER.test(source)) {
        for (const list of nestedStatementLists(statement)) visitList(list, depth + 1);
      }
      if (depth === 0 && !(statement.type === 'EmptyStatement')) {
        if (!MONITORING_MARKER.test(source))
          contents.others.push({ start: statement.start, end: statement.end });
      }
    }
  };

  // A classic script has no import/export, so its body is plain statements.
  visitList(program.body as Statement[], 0);
  return contents;
}
