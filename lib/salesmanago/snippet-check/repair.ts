/**
 * Recognises the ways editors corrupt a pasted script (curly quotes, HTML entities, paragraph
 * and line-break tags, invisible characters, long lines wrapped inside a string) and undoes them
 * on a copy, keeping a map back to the original offsets. The copy lets the checker look past the
 * first corruption and still compare the client ID, host and loader.
 */
import { parseScript, type ParseResult } from '../monitoring-code/js-syntax';

export type CorruptionKind = 'smart-quotes' | 'html-entities' | 'html-tags-inside' | 'invisible-characters';

export type Corruption = {
  kind: CorruptionKind;
  /** Offset in the original script content. */
  offset: number;
  text: string;
  replacement: string;
  /** Plain-words name of what was found, e.g. "“ left double quotation mark". */
  name: string;
};

export type WrappedString = {
  /** Offset (original content) of the opening quote, and of the first character on the next line. */
  offset: number;
  continuedAt: number;
  head: string;
  tail: string;
};

export type RepairedScript = {
  corruptions: Corruption[];
  wrapped: WrappedString[];
  text: string;
  /** `map[i]` is the original content offset of `text[i]`; `map[text.length]` is the content length. */
  map: number[];
  parsed: ParseResult;
};

const SMART_QUOTES: Record<string, { ascii: '"' | "'"; name: string }> = {
  '\u201C': { ascii: '"', name: 'left double quotation mark' },
  '\u201D': { ascii: '"', name: 'right double quotation mark' },
  '\u201E': { ascii: '"', name: 'low double quotation mark' },
  '\u201F': { ascii: '"', name: 'reversed double quotation mark' },
  '\u2033': { ascii: '"', name: 'double prime' },
  '\u00AB': { ascii: '"', name: 'left guillemet' },
  '\u00BB': { ascii: '"', name: 'right guillemet' },
  '\uFF02': { ascii: '"', name: 'full-width quotation mark' },
  '\u2018': { ascii: "'", name: 'left single quotation mark' },
  '\u2019': { ascii: "'", name: 'right single quotation mark' },
  '\u201A': { ascii: "'", name: 'low single quotation mark' },
  '\u201B': { ascii: "'", name: 'reversed single quotation mark' },
  '\u2032': { ascii: "'", name: 'prime' },
  '\u2039': { ascii: "'", name: 'single left guillemet' },
  '\u203A': { ascii: "'", name: 'single right guillemet' },
  '\u00B4': { ascii: "'", name: 'acute accent' },
  '\uFF07': { ascii: "'", name: 'full-width apostrophe' },
};

// U+FEFF and U+00A0 are whitespace to JavaScript, so they are harmless and not listed.
const INVISIBLE: Record<string, string> = {
  '\u200B': 'zero-width space, U+200B',
  '\u200C': 'zero-width non-joiner, U+200C',
  '\u200D': 'zero-width joiner, U+200D',
  '\u2060': 'word joiner, U+2060',
  '\u00AD': 'soft hyphen, U+00AD',
};

const NAMED_ENTITIES: Record<string, string> = {
  quot: '"',
  apos: "'",
  amp: '&',
  lt: '<',
  gt: '>',
  nbsp: ' ',
  lsquo: "'",
  rsquo: "'",
  sbquo: "'",
  ldquo: '"',
  rdquo: '"',
  bdquo: '"',
  laquo: '"',
  raquo: '"',
  prime: "'",
  ndash: '-',
  mdash: '-',
  hellip: '...',
};

const ENTITY = /&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|([A-Za-z][A-Za-z0-9]{1,31}));/g;
// Tags rich-text editors wrap around pasted lines, plus a nested <script> from pasting the whole
// snippet into a box that already supplies the tags.
const TAG =
  /<\/?(p|br|div|span|strong|b|em|i|u|code|pre|font|a|li|ul|ol|h[1-6]|section|article|blockquote|wbr|o:p|script)\b[^<>]*>/gi;

function asciiFor(char: string): string {
  const quote = SMART_QUOTES[char];
  if (quote) return quote.ascii;
  return INVISIBLE[char] ? '' : char;
}

function decodeEntity(match: RegExpExecArray): string | undefined {
  const [, decimal, hex, name] = match;
  // Own keys only: `&constructor;` in pasted code must not find Object.prototype's member.
  if (name !== undefined) {
    const key = name.toLowerCase();
    return Object.hasOwn(NAMED_ENTITIES, key) ? NAMED_ENTITIES[key] : undefined;
  }
  const code = decimal !== undefined ? Number(decimal) : Number.parseInt(hex ?? '', 16);
  if (!Number.isFinite(code) || code > 0x10ffff) return undefined;
  return asciiFor(String.fromCodePoint(code));
}

export function findCorruptions(content: string): Corruption[] {
  const found: Corruption[] = [];
  const covered: [number, number][] = [];
  const isCovered = (offset: number) => covered.some(([start, end]) => offset >= start && offset < end);

  for (const match of content.matchAll(TAG)) {
    const tag = (match[1] ?? '').toLowerCase();
    // Paragraph breaks become line breaks so no two statements are glued together.
    const replacement = tag === 'br' || tag === 'p' || tag === 'div' ? '\n' : ' ';
    found.push({
      kind: 'html-tags-inside',
      offset: match.index,
      text: match[0],
      replacement,
      name: match[0],
    });
    covered.push([match.index, match.index + match[0].length]);
  }
  for (const match of content.matchAll(ENTITY)) {
    if (isCovered(match.index)) continue;
    const decoded = decodeEntity(match);
    if (decoded === undefined) continue;
    found.push({
      kind: 'html-entities',
      offset: match.index,
      text: match[0],
      replacement: decoded,
      name: match[0],
    });
    covered.push([match.index, match.index + match[0].length]);
  }
  for (let i = 0; i < content.length; i++) {
    const char = content.charAt(i);
    const quote = SMART_QUOTES[char];
    const invisible = INVISIBLE[char];
    if ((!quote && !invisible) || isCovered(i)) continue;
    found.push(
      quote
        ? {
            kind: 'smart-quotes',
            offset: i,
            text: char,
            replacement: quote.ascii,
            name: `${char} ${quote.name}`,
          }
        : { kind: 'invisible-characters', offset: i, text: char, replacement: '', name: invisible ?? char },
    );
  }
  return found.sort((a, b) => a.offset - b.offset);
}

function applyCorruptionRepairs(content: string, corruptions: Corruption[]): { text: string; map: number[] } {
  let text = '';
  const map: number[] = [];
  let cursor = 0;
  for (const corruption of corruptions) {
    for (; cursor < corruption.offset; cursor++) {
      text += content.charAt(cursor);
      map.push(cursor);
    }
    for (const char of corruption.replacement) {
      text += char;
      map.push(corruption.offset);
    }
    cursor = corruption.offset + corruption.text.length;
  }
  for (; cursor < content.length; cursor++) {
    text += content.charAt(cursor);
    map.push(cursor);
  }
  map.push(content.length);
  return { text, map };
}

const LINE_BREAK = /\r\n|[\n\r\u2028\u2029]/g;

/** A string literal opened at `pos` that runs into a line break but closes on the next line. */
function wrappedStringAt(text: string, pos: number): { breakStart: number; resume: number } | undefined {
  const quote = text.charAt(pos);
  if (quote !== '"' && quote !== "'") return undefined;
  LINE_BREAK.lastIndex = pos;
  const lineBreak = LINE_BREAK.exec(text);
  if (!lineBreak) return undefined;
  let resume = lineBreak.index + lineBreak[0].length;
  while (text.charAt(resume) === ' ' || text.charAt(resume) === '\t') resume++;
  LINE_BREAK.lastIndex = resume;
  const nextBreak = LINE_BREAK.exec(text);
  const nextLine = text.slice(resume, nextBreak ? nextBreak.index : text.length);
  return nextLine.includes(quote) ? { breakStart: lineBreak.index, resume } : undefined;
}

/** Parses the script; when that fails, undoes known corruptions and parses the repaired copy. */
export function parseWithRepairs(content: string): RepairedScript {
  const direct = parseScript(content);
  const identity = () => Array.from({ length: content.length + 1 }, (_, i) => i);
  if (direct.ok) return { corruptions: [], wrapped: [], text: content, map: identity(), parsed: direct };

  const corruptions = findCorruptions(content);
  let { text, map } = applyCorruptionRepairs(content, corruptions);
  let parsed = parseScript(text);
  const wrapped: WrappedString[] = [];
  // Each round joins one wrapped string; a pasted page rarely has more than a handful.
  for (
    let round = 0;
    round < 20 && !parsed.ok && parsed.error.message === 'Unterminated string constant';
    round++
  ) {
    const at = wrappedStringAt(text, parsed.error.pos);
    if (!at) break;
    wrapped.push({
      offset: map[parsed.error.pos] ?? 0,
      continuedAt: map[at.resume] ?? 0,
      head: text.slice(parsed.error.pos, at.breakStart),
      tail: text.slice(at.resume, text.indexOf(text.charAt(parsed.error.pos), at.resume) + 1),
    });
    text = text.slice(0, at.breakStart) + text.slice(at.resume);
    map = [...map.slice(0, at.breakStart), ...map.slice(at.resume)];
    parsed = parseScript(text);
  }
  return { corruptions, wrapped, text, map, parsed };
}
