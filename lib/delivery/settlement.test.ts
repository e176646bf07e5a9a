import { describe, expect, it } from 'vitest';

import type { DecodedAnswer } from '@/lib/salesmanago/decode';

process.env.APP_SECRET_KEY ??= 'settle-test-key-that-is-long-enough-001';
const { settlementFor } = await import('./send');

const answer = (reason: DecodedAnswer['reason'], outcome: DecodedAnswer['outcome']) =>
  ({ reason, outcome, messages: [], explanation: '', httpStatus: null }) as unknown as DecodedAnswer;

describe('settlementFor after an unclear answer', () => {
  it('waits for a person when asked to', () => {
    expect(settlementFor(answer('timeout', 'transient'), 1, 10, 0, true)).toMatchObject({
      status: 'failed',
      reason: 'maybe-stored',
      possibleDuplicate: true,
      nextAttemptAt: null,
    });
  });

  it('retries, flagged as possibly duplicated, otherwise', () => {
    expect(settlementFor(answer('timeout', 'transient'), 1, 10, 0, false)).toMatchObject({
      status: 'retrying',
      reason: 'timeout',
      possibleDuplicate: true,
    });
  });

  it('retries a clear transient failure even when asked to (nothing was stored)', () => {
    expect(settlementFor(answer('http-rate-limited', 'transient'), 1, 10, 0, true)).toMatchObject({
      status: 'retrying',
      possibleDuplicate: false,
    });
  });
});
