import { describe, expect, it } from 'vitest';

import { PG_TEST_TIMEOUT } from '@/db/test-helpers';
import { addFailure, clearFailures, readFailures } from './failure-counts';
import { ENGINES, testOnEngine } from './test-helpers';

const FORGET = 60_000;

describe.each(ENGINES)('failure counts on %s', { timeout: PG_TEST_TIMEOUT }, (kind) => {
  testOnEngine(kind);

  it('counts failures that arrive at once, from as many connections, without losing one', async () => {
    // On PostgreSQL these run on the pool's clients in parallel, as two instances' requests would.
    await Promise.all(
      Array.from({ length: 40 }, (_, i) => addFailure('account', 'a@example.com', 1000 + i, FORGET)),
    );
    expect(await readFailures('account', 'a@example.com')).toEqual({ count: 40, lastAt: 1039 });
  });

  it('keeps the later failure time when an earlier one is written last', async () => {
    await addFailure('account', 'k', 5000, FORGET);
    await addFailure('account', 'k', 4000, FORGET);
    expect(await readFailures('account', 'k')).toEqual({ count: 2, lastAt: 5000 });
  });

  it('starts over at one once the last failure is forgotten, and clears a key', async () => {
    await addFailure('device', 'k', 0, FORGET);
    await addFailure('device', 'k', 1, FORGET);
    await addFailure('device', 'k', 1 + FORGET, FORGET);
    expect(await readFailures('device', 'k')).toEqual({ count: 1, lastAt: 1 + FORGET });
    await clearFailures('device', 'k');
    expect(await readFailures('device', 'k')).toBeUndefined();
  });
});
