import { describe, expect, it } from 'vitest';

import {
  choiceOf,
  mappingIssues,
  rebaseMapping,
  sourceOf,
  unmappedColumns,
  withSource,
} from './mapping-state';

describe('mapping state', () => {
  it('turns select values into sources and back, keeping a typed fixed value', () => {
    expect(choiceOf(undefined)).toBe('');
    expect(choiceOf({ column: 'constant' })).toBe('column:constant');
    expect(sourceOf('column:constant', undefined)).toEqual({ column: 'constant' });
    expect(sourceOf('constant', { constant: 'CART' })).toEqual({ constant: 'CART' });
    expect(sourceOf('constant', { column: 'x' })).toEqual({ constant: '' });
    expect(sourceOf('', { column: 'x' })).toBeUndefined();
    expect(withSource({ email: { column: 'a' } }, 'email', undefined)).toEqual({});
  });

  it('keeps fixed values and surviving columns when the columns change, and suggests the rest', () => {
    const before = { type: { constant: 'CART' }, email: { column: 'email;total' }, date: { column: 'date' } };
    expect(rebaseMapping(before, ['email', 'total', 'date'])).toEqual({
      type: { constant: 'CART' },
      date: { column: 'date' },
      email: { column: 'email' },
      value: { column: 'total' },
    });
  });

  it('says what still stops the import', () => {
    expect(mappingIssues({ email: { column: 'e' } })).toEqual({
      type: expect.stringContaining('event type'),
      date: expect.stringContaining('date'),
    });
    expect(
      mappingIssues({ type: { constant: 'PURCHASE' }, contactId: { column: 'c' }, date: { column: 'd' } }),
    ).toEqual({});
  });

  it('lists the columns no field reads (a fixed value reads none), leaving out nameless ones', () => {
    const columns = ['email', 'order', 'currency', 'note', ''];
    expect(
      unmappedColumns(columns, {
        type: { constant: 'PURCHASE' },
        email: { column: 'email' },
        externalId: { column: 'order' },
        detail1: { constant: 'note' },
      }),
    ).toEqual(['currency', 'note']);
    expect(unmappedColumns(['email'], { email: { column: 'email' } })).toEqual([]);
  });
});
