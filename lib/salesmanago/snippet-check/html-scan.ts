/**
 * Finds the `<script>` elements of an HTML page (or treats pasted bare JavaScript as one script),
 * and notes where monitoring-code text appears outside any running script.
 *
 * Not a full HTML parser: it follows the few tokenizer rules that decide whether code runs
 * (comments, raw-text elements, `</script` ending a script) and is tolerant of broken markup,
 * which is what pasted and CMS-mangled pages are.
 */

export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(source: string) {
    for (let i = 0; i < source.length; i++) {
      const char = source.charCodeAt(i);
      if (char === 0x0d) {
        if (source.charCodeAt(i + 1) === 0x0a) i++;
        this.starts.push(i + 1);
      } else if (char === 0x0a) {
        this.starts.push(i + 1);
      }
    }
  }

  /** 1-based line of a source offset. CRLF counts as one line break, as editors show it. */
  lineAt(offset: number): number {
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((this.starts[mid] ?? 0) <= offset) low = mid;
      else high = mid - 1;
    }
    return low + 1;
  }

  /** 1-based column of a source offset, in UTF-16 units as the checker's offsets are. */
  columnAt(offset: number): number {
    return offset - (this.starts[this.lineAt(offset) - 1] ?? 0) + 1;
  }
}

export type ScriptElement = {
  /** Offset of `<script`; for pasted bare JavaScript 0. */
  tagStart: number;
  /** Lower-cased attribute names with decoded values; empty for pasted bare JavaScript. */
  attributes: Map<string, string>;
  contentStart: number;
  content: string;
  /** False when no `</script>` follows (a truncated copy). */
  closed: boolean;
  /** True when the input had no HTML and was taken as the script's content. */
  bare: boolean;
};

export type InertKind = 'comment' | 'noscript' | 'template' | 'textarea' | 'style' | 'title' | 'xmp';

export type StrayMarker = {
  offset: number;
  /** Visible text, an attribute value, or an element whose content never runs. */
  where: 'text' | 'attribute' | InertKind;
  /** Index of the next script element after the marker, to keep separate copies apart. */
  nextScript: number;
};

export type ScannedDocument = { mode: 'html' | 'js'; scripts: ScriptElement[]; strays: StrayMarker[] };

// Markers that only monitoring code contains. `static/sm.js` is left out for stray text because
// pages legitimately mention it in preload links and CSP headers.
const STRAY_MARKER = /_smid\s*=|SalesmanagoObject/g;
const HTML_HINT = /<script\b|<\/script\s*>|<(?:!doctype|html|head|body)\b|&lt;script\b/i;
const INERT_ELEMENTS = new Set<InertKind>(['noscript', 'template', 'textarea', 'style', 'title', 'xmp']);
const OPEN_TAG =
  /<([A-Za-z][A-Za-z0-9:-]*)(?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?|\s*\/)*\s*>/y;
const ATTRIBUTE = /([^\s"'<>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;

function decodeAttribute(value: string): string {
  return value
    .replace(/&quot;/gi, '"')
    .replace(/&#0*39;|&apos;/gi, "'")
    .replace(/&lt;/gi, '<')
    .replace(/&gt;/gi, '>')
    .replace(/&amp;/gi, '&');
}

function parseAttributes(openTag: string): Map<string, string> {
  const attributes = new Map<string, string>();
  const inner = openTag.replace(/^<[A-Za-z][A-Za-z0-9:-]*/, '').replace(/\/?>$/, '');
  for (const match of inner.matchAll(ATTRIBUTE)) {
    const name = (match[1] ?? '').toLowerCase();
    if (!name || attributes.has(name)) continue;
    attributes.set(name, decodeAttribute(match[2] ?? match[3] ?? match[4] ?? ''));
  }
  return attributes;
}

function closingTag(source: string, name: string, from: number): { start: number; end: number } | undefined {
  const pattern = new RegExp(`</${name}(?=[\\s/>])`, 'ig');
  pattern.lastIndex = from;
  const match = pattern.exec(source);
  if (!match) return undefined;
  const close = source.indexOf('>', match.index);
  return { start: match.index, end: close < 0 ? source.length : close + 1 };
}

export function scanDocument(source: string): ScannedDocument {
  if (!HTML_HINT.test(source)) {
    return {
      mode: 'js',
      scripts: [
        { tagStart: 0, attributes: new Map(), contentStart: 0, content: source, closed: true, bare: true },
      ],
      strays: [],
    };
  }
  const scripts: ScriptElement[] = [];
  const strays: StrayMarker[] = [];
  const noteStrays = (start: number, end: number, where: StrayMarker['where']) => {
    const slice = source.slice(start, end);
    for (const match of slice.matchAll(STRAY_MARKER)) {
      strays.push({ offset: start + match.index, where, nextScript: scripts.length });
    }
  };

  let i = 0;
  while (i < source.length) {
    const lt = source.indexOf('<', i);
    if (lt < 0) {
      noteStrays(i, source.length, 'text');
      break;
    }
    noteStrays(i, lt, 'text');
    if (source.startsWith('<!--', lt)) {
      const close = source.indexOf('-->', lt + 4);
      const end = close < 0 ? source.length : close + 3;
      noteStrays(lt, end, 'comment');
      i = end;
      continue;
    }
    OPEN_TAG.lastIndex = lt;
    const open = OPEN_TAG.exec(source);
    if (!open) {
      // A closing tag, `<!doctype>`, `<?php ?>` or a stray `<`: skip the tag, or just the `<`.
      const isTagLike = /^<[/!?]/.test(source.slice(lt, lt + 2));
      const close = isTagLike ? source.indexOf('>', lt) : -1;
      i = close < 0 ? lt + 1 : close + 1;
      continue;
    }
    const tagEnd = lt + open[0].length;
    const name = (open[1] ?? '').toLowerCase();
    noteStrays(lt, tagEnd, 'attribute');
    if (name === 'script') {
      const close = closingTag(source, 'script', tagEnd);
      scripts.push({
        tagStart: lt,
        attributes: parseAttributes(open[0]),
        contentStart: tagEnd,
        content: source.slice(tagEnd, close ? close.start : source.length),
        closed: close !== undefined,
        bare: false,
      });
      i = close ? close.end : source.length;
    } else if (INERT_ELEMENTS.has(name as InertKind)) {
      const close = closingTag(source, name, tagEnd);
      noteStrays(tagEnd, close ? close.start : source.length, name as InertKind);
      i = close ? close.end : source.length;
    } else {
      i = tagEnd;
    }
  }
  return { mode: 'html', scripts, strays };
}
