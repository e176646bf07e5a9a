// First guesses for the mapping screen: which column feeds which event field, read from the header names
// shops and spreadsheets actually use. Only a suggestion: the person sees it and can change every line.
import { DETAIL_FIELDS } from '@/lib/salesmanago/event-fields';
import type {
  BackfillField,
  BackfillMapping,
  DayMonthOrder,
  DecimalSeparator,
  MappingSource,
} from '@/lib/validations/backfill';
import { guessDayMonthOrder } from './dates';

/** "E-mail", "customer_email", "Adres e-mail" → "email", "customeremail", "adresemail". */
export function headerKey(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

// Exact names first (normalised with headerKey), then words a longer name may contain. Order matters:
// "order_total" must become the value, not the order ID, so value words are tried before order words.
const EXACT: Array<[BackfillField, string[]]> = [
  ['email', ['email', 'mail', 'emailaddress', 'contactemail', 'customeremail', 'adresemail', 'billingemail']],
  ['contactId', ['contactid', 'smclient', 'salesmanagoid', 'contactuuid']],
  ['type', ['type', 'eventtype', 'contactexteventtype', 'typ']],
  [
    'date',
    [
      'date',
      'createdat',
      'created',
      'orderdate',
      'purchasedate',
      'datetime',
      'timestamp',
      'time',
      'placedat',
      'purchasedat',
      'data',
      'eventdate',
    ],
  ],
  [
    'value',
    [
      'total',
      'amount',
      'value',
      'ordertotal',
      'grandtotal',
      'revenue',
      'sum',
      'totalgross',
      'kwota',
      'wartosc',
    ],
  ],
  [
    'externalId',
    [
      'orderid',
      'ordernumber',
      'orderno',
      'order',
      'externalid',
      'transactionid',
      'ordernr',
      'numerzamowienia',
      'id',
    ],
  ],
  ['products', ['sku', 'skus', 'products', 'productids', 'productid', 'items', 'productskus', 'produkty']],
  ['description', ['description', 'desc', 'note', 'notes', 'comment', 'opis']],
  ['location', ['location', 'shopid', 'storeid']],
  ['shopDomain', ['shopdomain', 'domain', 'storedomain', 'website']],
  ['forceOptIn', ['forceoptin', 'optin']],
  ...DETAIL_FIELDS.map((f): [BackfillField, string[]] => [f, [f]]),
];

const CONTAINS: Array<[BackfillField, string[]]> = [
  ['email', ['email', 'mail']],
  ['date', ['date', 'createdat', 'time']],
  ['value', ['total', 'amount', 'value', 'revenue']],
  ['externalId', ['orderid', 'ordernumber', 'orderno', 'externalid']],
  ['products', ['sku', 'product']],
];

/** Suggests a source for each field whose column is recognisable; every column feeds at most one field. */
export function suggestMapping(columns: readonly string[]): BackfillMapping {
  const keys = columns.map(headerKey);
  const used = new Set<number>();
  const mapping: BackfillMapping = {};
  const take = (field: BackfillField, index: number) => {
    if (mapping[field] || used.has(index)) return;
    used.add(index);
    mapping[field] = { column: columns[index]! };
  };
  for (const [field, names] of EXACT) {
    // The earlier name in the list wins: with both "id" and "order_number", the order number is the order.
    for (const name of names) {
      const i = keys.findIndex((k, idx) => !used.has(idx) && k === name);
      if (i >= 0) {
        take(field, i);
        break;
      }
    }
  }
  for (const [field, words] of CONTAINS) {
    if (mapping[field]) continue;
    const i = keys.findIndex((k, idx) => !used.has(idx) && words.some((w) => k.includes(w)));
    if (i >= 0) take(field, i);
  }
  // A backfill is mostly last year's orders; a file without a type column most likely holds purchases.
  mapping.type ??= { constant: 'PURCHASE' };
  return mapping;
}

/** The cell a field reads in this row, or its fixed value; undefined when the field is not mapped. */
export function sourceValue(
  source: MappingSource | undefined,
  cells: readonly string[],
  index: ReadonlyMap<string, number>,
): string | undefined {
  if (!source) return undefined;
  if ('constant' in source) return source.constant;
  const i = index.get(source.column);
  return i === undefined ? undefined : (cells[i] ?? '');
}

/**
 * Date order and decimal separator read from sample rows: "25/03/2025" settles the order, "129,90" the
 * comma. Returns only what the sample shows; the rest keeps its default.
 */
export function suggestFormat(
  mapping: BackfillMapping,
  columns: readonly string[],
  sample: ReadonlyArray<readonly string[]>,
): { dayMonthOrder: DayMonthOrder; decimal: DecimalSeparator } {
  const index = new Map(columns.map((c, i) => [c, i]));
  const values = (field: BackfillField) =>
    sample.map((cells) => sourceValue(mapping[field], cells, index) ?? '').filter(Boolean);
  const money = values('value');
  // Most values decide: a file of "129,90" with one stray "12.5" is still a comma file.
  const comma = money.filter((v) => /^[+-]?[\d\s.\u00a0]*\d,\d{1,2}$/.test(v.trim())).length;
  const dot = money.filter((v) => /^[+-]?[\d\s,]*\d\.\d{1,2}$/.test(v.trim())).length;
  return { dayMonthOrder: guessDayMonthOrder(values('date')), decimal: comma > dot ? 'comma' : 'dot' };
}
