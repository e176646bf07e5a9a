import { csvRow } from '@/lib/csv';

/**
 * The CSV a marketer can start from: column names the mapping recognises on its own, and two example orders
 * in the forms the preview reads without asking (a dot decimal, an ISO date with its zone).
 */
export const BACKFILL_TEMPLATE_COLUMNS = [
  'Type',
  'Email',
  'Date',
  'Order number',
  'Total',
  'Products',
  'Description',
] as const;

export function backfillTemplateCsv(): string {
  return (
    csvRow([...BACKFILL_TEMPLATE_COLUMNS]) +
    csvRow([
      'PURCHASE',
      'anna@example.com',
      '2025-03-14T09:30:00+01:00',
      '10045',
      '249.99',
      'SKU-1001|SKU-2040',
      'Order #10045',
    ]) +
    csvRow([
      'PURCHASE',
      'jan@example.com',
      '2025-03-15T18:05:00+01:00',
      '10046',
      '59.90',
      'SKU-3300',
      'Order #10046',
    ])
  );
}
