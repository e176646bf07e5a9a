// The mapping screen's state and its pure rules: which fields are shown, how a select's value maps to a
// source, and what to keep when the file's columns change (another separator, header on or off).
import { suggestMapping } from '@/lib/backfill/mapping';
import { DETAIL_FIELDS } from '@/lib/salesmanago/event-fields';
import {
  backfillMappingSchema,
  type BackfillField,
  type BackfillMapping,
  type BackfillOptions,
  type MappingSource,
} from '@/lib/validations/backfill';

/** Shown first, in the order a person thinks about an order export; the 20 details are folded away. */
export const MAIN_FIELDS: BackfillField[] = [
  'type',
  'email',
  'contactId',
  'date',
  'externalId',
  'value',
  'products',
  'description',
  'location',
  'shopDomain',
  'forceOptIn',
];
export const MORE_FIELDS: BackfillField[] = [...DETAIL_FIELDS];

export const FIELD_HINTS: Partial<Record<BackfillField, string>> = {
  type: 'Required. One type for the whole file, or a column holding it.',
  email: 'Required, unless a contact ID column is mapped.',
  contactId: 'Instead of the email: the value of the smclient cookie.',
  date: 'Required: the date each event happened.',
  externalId: 'The order ID. Orders already sent to this integration are skipped.',
  value: 'The order total.',
  products: 'Product IDs; lists separated by , ; or | are joined with commas.',
  forceOptIn: 'true/false, yes/no or 1/0.',
};

/** A select's value: not imported, a fixed value, or a column (prefixed, so a column named "constant" works). */
export type SourceChoice = '' | 'constant' | `column:${string}`;

export function choiceOf(source: MappingSource | undefined): SourceChoice {
  if (!source) return '';
  return 'constant' in source ? 'constant' : `column:${source.column}`;
}

export function sourceOf(
  choice: SourceChoice,
  previous: MappingSource | undefined,
): MappingSource | undefined {
  if (choice === '') return undefined;
  if (choice === 'constant') return previous && 'constant' in previous ? previous : { constant: '' };
  return { column: choice.slice('column:'.length) };
}

export function withSource(
  mapping: BackfillMapping,
  field: BackfillField,
  source: MappingSource | undefined,
): BackfillMapping {
  const next = { ...mapping };
  if (source) next[field] = source;
  else delete next[field];
  return next;
}

/**
 * The file's columns changed: fixed values stay (they do not depend on columns), columns that still exist
 * stay, and the rest is suggested again from the new names.
 */
export function rebaseMapping(mapping: BackfillMapping, columns: readonly string[]): BackfillMapping {
  const next: BackfillMapping = {};
  for (const [field, source] of Object.entries(mapping) as Array<[BackfillField, MappingSource]>) {
    if ('constant' in source || columns.includes(source.column)) next[field] = source;
  }
  const taken = new Set(Object.values(next).flatMap((s) => ('column' in s ? [s.column] : [])));
  const suggested = suggestMapping(columns.filter((c) => !taken.has(c)));
  for (const [field, source] of Object.entries(suggested) as Array<[BackfillField, MappingSource]>) {
    next[field] ??= source;
  }
  return next;
}

/** What still stops the import from starting, by field, in the schema's own words. */
export function mappingIssues(mapping: BackfillMapping): Partial<Record<BackfillField, string>> {
  const result = backfillMappingSchema.safeParse(mapping);
  if (result.success) return {};
  const issues: Partial<Record<BackfillField, string>> = {};
  for (const issue of result.error.issues) {
    const field = issue.path[0] as BackfillField | undefined;
    if (field && !issues[field]) issues[field] = issue.message;
  }
  return issues;
}

export type FormatOptions = Omit<BackfillOptions, 'timeZone'> & { timeZone: string | null };

/** Columns of the file that no field reads: their data would be left behind without a word. */
export function unmappedColumns(columns: readonly string[], mapping: BackfillMapping): string[] {
  const used = new Set(
    Object.values(mapping).flatMap((source) => (source && 'column' in source ? [source.column] : [])),
  );
  return columns.filter((c) => c.trim() !== '' && !used.has(c));
}
