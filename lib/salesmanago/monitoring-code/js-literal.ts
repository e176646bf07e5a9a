/**
 * Encoders for values written into the generated `<script>` HTML.
 *
 * The monitoring code is pasted into CMSs and templates of unknown encoding and sits inside an
 * HTML `<script>` element, so a value must never be able to end the JS string, the element
 * (`</script>`), or open an HTML comment (`<!--`). Everything outside printable ASCII is written
 * as `\uXXXX`, which also keeps the code pure ASCII: it survives any page charset.
 */

// Printable ASCII that is still dangerous: quotes end the literal, `<`/`>` can form `</script>`
// or `<!--`/`-->`, `&` matters to XHTML pages, and the backslash starts an escape.
const ESCAPED_ASCII = new Set(['"', "'", '`', '<', '>', '&', '\\']);

function unicodeEscape(codeUnit: number): string {
  return `\\u${codeUnit.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** A JavaScript string literal for `value` that is safe anywhere inside an HTML `<script>` element. */
export function jsStringLiteral(value: string, quote: '"' | "'" = '"'): string {
  let body = '';
  for (let i = 0; i < value.length; i++) {
    const codeUnit = value.charCodeAt(i);
    const char = value.charAt(i);
    if (codeUnit >= 0x20 && codeUnit <= 0x7e && !ESCAPED_ASCII.has(char)) body += char;
    else if (char === '\\') body += '\\\\';
    // Lone surrogates, U+2028/2029, control characters and all other non-ASCII land here.
    else body += unicodeEscape(codeUnit);
  }
  return `${quote}${body}${quote}`;
}

/** Escapes a value for a double-quoted HTML attribute. */
export function htmlAttributeValue(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}
