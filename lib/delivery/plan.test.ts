import { describe, expect, it } from 'vitest';

import { planSends, type Due } from './plan';

const due = (id: number, integrationId: number | null, extra: Partial<Due> = {}): Due => ({
  id,
  integrationId,
  operation: 'add',
  noBatch: false,
  ...extra,
});

describe('planSends', () => {
  it('batches many adds of one integration and sends the rest alone', () => {
    const items = [
      ...Array.from({ length: 12 }, (_, i) => due(i + 1, 1)),
      due(100, 2),
      due(101, 1, { operation: 'update' }),
      due(102, 1, { noBatch: true }),
    ];
    const plan = planSends(items, 5, 5);
    expect(plan.batches).toEqual([
      [1, 2, 3, 4, 5],
      [6, 7, 8, 9, 10],
    ]);
    expect(plan.singles.sort((a, b) => a - b)).toEqual([11, 12, 100, 101, 102]);
  });

  it('keeps to the batch size and never batches fewer than the minimum', () => {
    const plan = planSends(
      Array.from({ length: 4 }, (_, i) => due(i, 7)),
      400,
      5,
    );
    expect(plan.batches).toEqual([]);
    expect(plan.singles).toHaveLength(4);
    const big = planSends(
      Array.from({ length: 1000 }, (_, i) => due(i, 7)),
      400,
      5,
    );
    expect(big.batches.map((b) => b.length)).toEqual([400, 400, 200]);
  });
});
