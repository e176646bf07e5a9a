// One CSV row → one external event, through the same parseEvent every other way in uses. The CSV-specific
// readings (dates with a chosen zone, comma decimals, product lists, yes/no) happen first; then parseEvent
// says everything else, in its own words.
import { parseEvent, type EventData } from '@/lib/validations/event';
import {
  BACKFILL_FIELDS,
  type BackfillMapping,
  type BackfillOptions,
  type BackfillField,
} from '@/lib/validations/backfill';
import { parseCsvDate } from './dates';
import { sourceValue } from './mapping';
import { normalizeBoolean, normalizeDecimal, normalizeProducts } from './values';

export type RowErrors = Partial<Record<BackfillField | 'row', string[]>>;
export type ConvertResult = { ok: true; event: EventData } | { ok: false; errors: RowErrors };

/** What converting needs besides the row: set up once per file, used for every row. */
export interface Converter {
  columns: readonly string[];
  convert(cells: readonly string[]): ConvertResult;
}

export function createConverter(
  columns: readonly string[],
  mapping: BackfillMapping,
  options: Pick<BackfillOptions, 'timeZone' | 'dayMonthOrder' | 'decimal'>,
): Converter {
  const index = new Map(columns.map((c, i) => [c, i]));
  const fields = BACKFILL_FIELDS.filter((f) => mapping[f]);
  const missing = fields.filter((f) => {
    const s = mapping[f]!;
    return 'column' in s && !index.has(s.column);
  });
  const lastColumn = Math.max(
    -1,
    ...fields.map((f) => {
      const s = mapping[f]!;
      return 'column' in s ? (index.get(s.column) ?? -1) : -1;
    }),
  );

  function convert(cells: readonly string[]): ConvertResult {
    const errors: RowErrors = {};
    const add = (key: BackfillField | 'row', message: string) => (errors[key] ??= []).push(message);
    for (const f of missing) {
      const column = (mapping[f] as { column: string }).column;
      add(f, `The file has no column "${column}".`);
    }
    if (cells.length <= lastColumn) {
      add(
        'row',
        `This row has ${cells.length} cell${cells.length === 1 ? '' : 's'}, fewer than the columns you mapped: a separator may be missing.`,
      );
      return { ok: false, errors };
    }

    const body: Record<string, unknown> = {};
    for (const field of fields) {
      const raw = sourceValue(mapping[field], cells, index);
      if (raw === undefined || raw.trim() === '') continue;
      const read = readCell(field, raw, options);
      if (read.ok) body[field] = read.value;
      else add(field, read.message);
    }
    if (body.date === undefined && !errors.date)
      add('date', 'Date is empty: a backfilled event needs the date it happened.');

    const parsed = parseEvent(body);
    if (parsed.ok && !Object.keys(errors).length) return { ok: true, event: parsed.data };
    if (!parsed.ok) {
      for (const [field, messages] of Object.entries(parsed.fieldErrors)) {
        for (const m of messages) add(field as BackfillField, m);
      }
    }
    return { ok: false, errors };
  }

  return { columns, convert };
}

function readCell(
  field: BackfillField,
  raw: string,
  options: Pick<BackfillOptions, 'timeZone' | 'dayMonthOrder' | 'decimal'>,
): { ok: true; value: string | number } | { ok: false; message: string } {
  switch (field) {
    case 'date': {
      const d = parseCsvDate(raw, options);
      return d.ok ? { ok: true, value: d.ms } : d;
    }
    case 'value':
      return normalizeDecimal(raw, options.decimal);
    case 'products':
      return { ok: true, value: normalizeProducts(raw) };
    case 'forceOptIn':
      return { ok: true, value: normalizeBoolean(raw) };
    default:
      return { ok: true, value: raw };
  }
}

/** All of a row's problems as one sentence list; every message already names its field or quotes the cell. */
export function describeRowErrors(errors: RowErrors): string {
  return Object.values(errors).flat().join(' ');
}
