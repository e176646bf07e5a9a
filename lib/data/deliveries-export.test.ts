import { describe, expect, it } from 'vitest';

import { csvRow } from '@/lib/csv';

process.env.APP_SECRET_KEY ??= 'export-test-key-that-is-long-enough-00001';

const { formatExportRows, isoTime } = await import('./deliveries-export');
const { reasonView } = await import('./deliveries');
type ExportRow = import('./deliveries-export').ExportRow;

const AT = Date.UTC(2026, 2, 31, 23, 59, 58, 7);

/** A row in the export's column order (lib/data/deliveries-export.ts COLUMNS). */
function row(id: number, text: { contact?: string; products?: string; pageUrl?: string } = {}): ExportRow {
  return [
    id,
    AT,
    'Shop',
    'website',
    'PURCHASE',
    text.contact ?? `buyer${id}@example.com`,
    `ORD-${id}`,
    12.5,
    text.products ?? 'SKU-1,SKU-2',
    'failed',
    'timeout',
    'Read timed out after 30 s',
    null,
    null,
    30000,
    3,
    1,
    text.pageUrl ?? null,
    'https://shop.example.com',
  ];
}

/** The same line written cell by cell with the shared CSV helper (the way the header is written). */
function expectedLine(r: ExportRow): string {
  const cells = [...r];
  cells[1] = isoTime(r[1] as number);
  cells[10] = reasonView(r[10] as string)!.title;
  cells[16] = r[16] ? 'yes' : '';
  return csvRow(cells);
}

describe('formatExportRows', () => {
  it('writes CSV lines as UTF-8, with text outside Latin-1, quotes, separators and formulas', () => {
    const rows = [
      row(3, { contact: 'Zażółć gęślą jaźń 😀 <łukasz@example.pl>', products: '=SUM(A1),SKU "9"' }),
      row(2, { pageUrl: 'https://shop.example.com/a;b?q=1\r\nx' }),
      row(1, { contact: '+48 600 000 000', products: '\tSKU-TAB' }),
    ];
    const bytes = formatExportRows(rows, 'csv');
    expect(Buffer.isBuffer(bytes)).toBe(true);
    const text = bytes.toString('utf8');
    expect(text).toBe(rows.map(expectedLine).join(''));
    // Spelled out once, so the reference above cannot drift with the code it checks.
    expect(text.split('\r\n')[0]).toBe(
      '3,2026-03-31T23:59:58.007Z,Shop,website,PURCHASE,Zażółć gęślą jaźń 😀 <łukasz@example.pl>,ORD-3,12.5,' +
        '"\'=SUM(A1),SKU ""9""",failed,SALESmanago did not answer in time,Read timed out after 30 s,,,30000,3,yes,,https://shop.example.com',
    );
  });

  it('grows its buffer for lines longer than it guessed, multi-byte characters included', () => {
    const long = 'ł'.repeat(20_000) + '😀'.repeat(5_000);
    const rows = [row(2, { products: long }), row(1)];
    expect(formatExportRows(rows, 'csv').toString('utf8')).toBe(rows.map(expectedLine).join(''));
  });

  it('writes JSON Lines with the header names, one object per line', () => {
    const rows = [row(2, { contact: 'Zofia Żak 😀' }), row(1)];
    const lines = formatExportRows(rows, 'jsonl').toString('utf8').split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe('');
    const first = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(first).toMatchObject({
      id: 2,
      created_at: '2026-03-31T23:59:58.007Z',
      contact: 'Zofia Żak 😀',
      possible_duplicate: true,
      value: 12.5,
    });
  });

  it('writes nothing for no rows', () => {
    expect(formatExportRows([], 'csv')).toHaveLength(0);
    expect(formatExportRows([], 'jsonl')).toHaveLength(0);
  });
});
