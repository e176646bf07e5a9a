import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';

import {
  columnNames,
  csvBatches,
  CsvReadError,
  detectHeader,
  readTable,
  sniffDelimiter,
  type TableRow,
} from './csv';

async function all(it: AsyncIterable<TableRow[]>): Promise<TableRow[]> {
  const out: TableRow[] = [];
  for await (const batch of it) out.push(...batch);
  return out;
}

const csvRecords = (input: Readable, delimiter: ',' | ';' | '\t') => csvBatches(input, delimiter);

/** The file as a stream of small chunks, so records and characters are split across reads. */
function chunked(text: string | Buffer, size = 7): Readable {
  const buf = typeof text === 'string' ? Buffer.from(text) : text;
  const parts: Buffer[] = [];
  for (let i = 0; i < buf.length; i += size) parts.push(buf.subarray(i, i + size));
  return Readable.from(parts);
}

describe('sniffDelimiter', () => {
  it('finds comma, semicolon and tab, ignoring separators inside quotes', () => {
    expect(sniffDelimiter('email,total\na@example.com,10\n')).toBe(',');
    expect(sniffDelimiter('email;total;name\na@example.com;10,50;"Kowalski, Jan"\nb@example.com;5;x\n')).toBe(
      ';',
    );
    expect(sniffDelimiter('email\ttotal\na@example.com\t"1,5"\n')).toBe('\t');
    expect(sniffDelimiter('"a, b";c\r\n"d, e";f\r\n')).toBe(';');
  });
  it('falls back to the comma for a single column', () => {
    expect(sniffDelimiter('email\na@example.com\n')).toBe(',');
  });
});

describe('detectHeader and columnNames', () => {
  it('treats a row of names as a header and a row with data as data', () => {
    expect(detectHeader(['email', 'Order number', 'total'])).toBe(true);
    expect(detectHeader(['a@example.com', 'A-1', '10.5'])).toBe(false);
    expect(detectHeader(['2025-03-01', 'x'])).toBe(false);
    expect(detectHeader(['email', ''])).toBe(false);
  });
  it('names columns uniquely, or by position without a header', () => {
    expect(columnNames(['email', 'email', ' ', 'total'], true)).toEqual([
      'email',
      'email (2)',
      'Column 3',
      'total',
    ]);
    expect(columnNames(['a@example.com', '10'], false)).toEqual(['Column 1', 'Column 2']);
  });
});

describe('csvBatches', () => {
  it('reads a BOM, CRLF line ends, quoted separators, escaped quotes and line breaks in a field', async () => {
    const text =
      '\uFEFFemail;note;total\r\n"a@example.com";"says ""hi""; bye";"12,50"\r\nb@example.com;"two\r\nlines";5\r\n';
    const rows = await all(csvRecords(chunked(text), ';'));
    expect(rows.map((r) => r.cells)).toEqual([
      ['email', 'note', 'total'],
      ['a@example.com', 'says "hi"; bye', '12,50'],
      ['b@example.com', 'two\r\nlines', '5'],
    ]);
    expect(rows.map((r) => r.line)).toEqual([1, 2, 3]);
    const lf = await all(csvRecords(chunked('a,b\n"x\ny\nz",1\n2,3\n'), ','));
    expect(lf.map((r) => r.line)).toEqual([1, 2, 5]);
  });

  it('keeps multi-byte characters split across chunks intact', async () => {
    const rows = await all(csvRecords(chunked('name\nZażółć gęślą jaźń\n', 3), ','));
    expect(rows[1]!.cells).toEqual(['Zażółć gęślą jaźń']);
  });

  it('skips empty lines and all-empty rows, and keeps rows with a different cell count', async () => {
    const rows = await all(csvRecords(chunked('a,b\n\n1,2\n,,\n3\n4,5,6\n'), ','));
    expect(rows.map((r) => r.cells)).toEqual([['a', 'b'], ['1', '2'], ['3'], ['4', '5', '6']]);
    expect(rows.map((r) => r.line)).toEqual([1, 3, 5, 6]);
  });

  it('reads a file without a final line break', async () => {
    const rows = await all(csvRecords(chunked('a\tb\n1\t2'), '\t'));
    expect(rows.map((r) => r.cells)).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });

  it('says where a file cannot be read', async () => {
    const err = await all(csvRecords(chunked('a,b\n1,"never closed\n2,3\n'), ',')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CsvReadError);
    expect((err as Error).message).toMatch(/quoted field is never closed/);
  });

  it('closes the input when the reader stops early', async () => {
    const input = chunked('a\n1\n2\n3\n');
    for await (const batch of csvRecords(input, ',')) if (batch.some((r) => r.cells[0] === '1')) break;
    expect(input.destroyed).toBe(true);
  });
});

describe('readTable', () => {
  const text = 'email,total\na@example.com,1\nb@example.com,2\nc@example.com,3\n';

  it('names the columns from the header and numbers the data rows after it, skipping those already done', async () => {
    const table = await readTable(chunked(text), { delimiter: ',', header: true, skip: 1 });
    expect(table.columns).toEqual(['email', 'total']);
    const rows = await all(table.batches);
    expect(rows.map((r) => [r.index, r.line, r.cells[0]])).toEqual([
      [1, 3, 'b@example.com'],
      [2, 4, 'c@example.com'],
    ]);
  });

  it('without a header, the first record is data and the columns are numbered', async () => {
    const table = await readTable(chunked(text), { delimiter: ',', header: false });
    expect(table.columns).toEqual(['Column 1', 'Column 2']);
    expect((await all(table.batches)).map((r) => r.index)).toEqual([0, 1, 2, 3]);
    const skipped = await readTable(chunked(text), { delimiter: ',', header: false, skip: 3 });
    expect((await all(skipped.batches)).map((r) => r.cells[0])).toEqual(['c@example.com']);
  });

  it('reads an empty stream as no columns and no rows', async () => {
    const table = await readTable(chunked(''), { delimiter: ',', header: true });
    expect(table.columns).toEqual([]);
    expect(await all(table.batches)).toEqual([]);
  });
});
