import { describe, expect, it } from 'vitest';

import { suggestMapping } from './mapping';
import { BACKFILL_TEMPLATE_COLUMNS, backfillTemplateCsv } from './template';

describe('backfill template', () => {
  it('has columns the mapping recognises on its own, each feeding its field', () => {
    expect(suggestMapping(BACKFILL_TEMPLATE_COLUMNS)).toMatchObject({
      type: { column: 'Type' },
      email: { column: 'Email' },
      date: { column: 'Date' },
      externalId: { column: 'Order number' },
      value: { column: 'Total' },
      products: { column: 'Products' },
      description: { column: 'Description' },
    });
  });

  it('is a header and two example rows', () => {
    const lines = backfillTemplateCsv().trimEnd().split('\r\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toBe('Type,Email,Date,Order number,Total,Products,Description');
  });
});
