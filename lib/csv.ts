const NEEDS_QUOTES = /[",\r\n;]/;
const FORMULA_START = /^[=+\-@\t\r]/;
/** Either of the two above: most cells have neither, and one test of them is the whole cost. */
const NEEDS_CARE = new RegExp(`${NEEDS_QUOTES.source}|${FORMULA_START.source}`);

/**
 * One CSV cell: quoted when needed, and defused when a spreadsheet would read it as a formula
 * (CSV injection: a contact or description starting with "=", "+", "-", "@" must stay text).
 */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string' && !NEEDS_CARE.test(value)) return value;
  let text = typeof value === 'string' ? value : String(value);
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvRow(values: unknown[]): string {
  return values.map(csvCell).join(',') + '\r\n';
}
