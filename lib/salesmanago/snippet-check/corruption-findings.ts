/** Plain-words findings for the editor corruptions and syntax errors found in one script. */
import type { CorruptionKind, RepairedScript } from './repair';
import type { Finding } from './types';

const MAX_LINES_LISTED = 6;

const WORDING: Record<CorruptionKind, { what: string; consequence: string; fix: string; expected: string }> =
  {
    'smart-quotes': {
      what: 'typographic (curly) quotes instead of plain quotes',
      consequence: 'JavaScript only understands the plain " and \' characters, so the code does not run.',
      fix: 'Copy the code again and paste it through a plain-text editor (Notepad, or TextEdit in plain-text mode) into the HTML or code view of your site, not the visual editor: the visual editor "beautifies" quotes.',
      expected: '" or \'',
    },
    'html-entities': {
      what: 'HTML codes where the code needs the characters themselves',
      consequence: 'The browser reads them literally inside a script, so the code does not run.',
      fix: 'Paste the code into the HTML/code view or a "Custom HTML" block instead of the visual editor; the visual editor escaped the characters.',
      expected: 'the plain characters (" \' & < >)',
    },
    'html-tags-inside': {
      what: 'HTML tags inside the script, added by an editor',
      consequence: 'Inside a script the browser reads tags as broken JavaScript, so the code does not run.',
      fix: 'Use a "Custom HTML" block or the HTML view so the editor does not add paragraphs and line breaks, and paste the code again.',
      expected: 'no HTML tags between <script> and </script>',
    },
    'invisible-characters': {
      what: 'invisible characters',
      consequence: 'They are not allowed in JavaScript code, so the code does not run.',
      fix: 'Copy the code again from this console through a plain-text editor, or retype the line by hand.',
      expected: 'no invisible characters',
    },
  };

function listLines(entries: Map<number, Set<string>>): string {
  const parts = [...entries]
    .slice(0, MAX_LINES_LISTED)
    .map(([line, names]) => `line ${line}: ${[...names].join(', ')}`);
  const more = entries.size - MAX_LINES_LISTED;
  return more > 0 ? `${parts.join('; ')} and ${more} more line${more === 1 ? '' : 's'}` : parts.join('; ');
}

/** One finding per corruption kind, naming each affected line and what was found there. */
export function corruptionFindings(
  repaired: RepairedScript,
  lineOfContent: (offset: number) => number,
): Finding[] {
  const findings: Finding[] = [];
  const byKind = new Map<CorruptionKind, Map<number, Set<string>>>();
  let nestedScriptLine: number | undefined;
  for (const corruption of repaired.corruptions) {
    const line = lineOfContent(corruption.offset);
    if (corruption.kind === 'html-tags-inside' && /^<script\b/i.test(corruption.text))
      nestedScriptLine ??= line;
    const lines = byKind.get(corruption.kind) ?? new Map<number, Set<string>>();
    const names = lines.get(line) ?? new Set<string>();
    names.add(corruption.name);
    lines.set(line, names);
    byKind.set(corruption.kind, lines);
  }
  for (const [kind, lines] of byKind) {
    const wording = WORDING[kind];
    const firstLine = lines.keys().next().value as number;
    const found = [...new Set([...lines.values()].flatMap((names) => [...names]))].slice(0, 8).join(' ');
    findings.push({
      kind,
      severity: 'error',
      line: firstLine,
      message: `The code has ${wording.what}: ${listLines(lines)}. ${wording.consequence}`,
      fix:
        kind === 'html-tags-inside' && nestedScriptLine !== undefined
          ? `There is a second <script> tag inside the script (line ${nestedScriptLine}): the code was pasted into a box that adds <script> tags itself (a tag manager, theme or plugin field). Paste only the lines between <script> and </script> there, or use a plain HTML box.`
          : wording.fix,
      expected: wording.expected,
      found,
    });
  }
  for (const wrapped of repaired.wrapped) {
    const line = lineOfContent(wrapped.offset);
    const nextLine = lineOfContent(wrapped.continuedAt);
    findings.push({
      kind: 'wrapped-line',
      severity: 'error',
      line,
      message: `The text ${wrapped.head}... that starts on line ${line} is broken onto line ${nextLine}. A text in quotes must stay on one line, so the code does not run.`,
      fix: `Join lines ${line} and ${nextLine} back into one line, or copy the code again into an editor with word wrap turned off.`,
      expected: `${wrapped.head}${wrapped.tail.replace(/^['"]/, '')}`,
      found: `${wrapped.head}[line break]${wrapped.tail}`,
    });
  }
  return findings;
}

/** The finding for code that still does not parse after undoing known corruptions. */
export function syntaxErrorFinding(
  repaired: RepairedScript,
  lineOfText: (offset: number) => number,
  scriptClosed: boolean,
  explained: boolean,
): Finding | undefined {
  if (repaired.parsed.ok) return undefined;
  const { message, pos } = repaired.parsed.error;
  const lastCode = Math.max(0, repaired.text.trimEnd().length - 1);
  const cutOff = pos >= lastCode || !scriptClosed;
  // A cut-off copy fails at the very end, often on an empty line: point at the last line of code.
  const line = lineOfText(cutOff ? Math.min(pos, lastCode) : pos);
  const because = explained ? ' Fixing the problems above may not be enough.' : '';
  return {
    kind: 'syntax-error',
    severity: 'error',
    line,
    message: cutOff
      ? `The code ends too early at line ${line}: it looks cut off, as if only part of it was copied. The browser cannot run it (it reports "${message}").${because}`
      : `The browser cannot run this code: it stops at line ${line} ("${message}"). Nothing in this script runs, so SALESmanago tracks nothing.${because}`,
    fix: cutOff
      ? 'Copy the whole code again, from <script> to </script>, and replace what is on the page.'
      : 'Copy the code again from this console and replace the whole script.',
  };
}
