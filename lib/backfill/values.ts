// Cell text as spreadsheets write it, turned into what the event schema reads. Only unambiguous rewrites:
// anything doubtful is left for parseEvent (or refused here) with a sentence saying what to change.
import type { DecimalSeparator } from '@/lib/validations/backfill';

export type CellResult = { ok: true; value: string } | { ok: false; message: string };

// Spaces (including the no-break ones Excel and LibreOffice write) group thousands in many locales.
const SPACES = /[\s\u00a0\u202f]/g;

/**
 * A money value in the file's convention → a dot-decimal string. With "comma", `1.234,56` and `1 234,56`
 * are 1234.56; with "dot", `1,234.56` is 1234.56. A lone separator of the other kind is refused, because
 * `1.234` with comma decimals is a thousand but a typo for 1.23 just as often.
 */
export function normalizeDecimal(raw: string, separator: DecimalSeparator): CellResult {
  const s = raw.trim().replace(SPACES, '');
  if (separator === 'comma') {
    if (/^[+-]?\d{1,3}(\.\d{3})+(,\d+)?$/.test(s))
      return { ok: true, value: s.replace(/\./g, '').replace(',', '.') };
    if (s.includes('.')) {
      return {
        ok: false,
        message: `Value "${raw.trim()}" has a dot, but you chose the comma as decimal separator: choose the dot, or fix the value.`,
      };
    }
    return { ok: true, value: s.replace(',', '.') };
  }
  if (/^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$/.test(s)) return { ok: true, value: s.replace(/,/g, '') };
  if (/^[+-]?\d+,\d+$/.test(s)) {
    return {
      ok: false,
      message: `Value "${raw.trim()}" uses a comma for decimals: choose the comma as decimal separator.`,
    };
  }
  return { ok: true, value: s };
}

/** Product IDs as SALESmanago wants them (comma-separated), from lists written with `,` `;` or `|`. */
export function normalizeProducts(raw: string): string {
  return raw
    .split(/[,;|]/)
    .map((p) => p.trim())
    .filter(Boolean)
    .join(',');
}

const TRUE = new Set(['true', 'yes', 'y', '1', 'tak']);
const FALSE = new Set(['false', 'no', 'n', '0', 'nie']);

/** Yes/no columns as exports write them; anything else goes on unchanged so parseEvent names the problem. */
export function normalizeBoolean(raw: string): string {
  const s = raw.trim().toLowerCase();
  if (TRUE.has(s)) return 'true';
  if (FALSE.has(s)) return 'false';
  return raw;
}
