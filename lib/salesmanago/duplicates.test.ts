import { describe, expect, it } from 'vitest';

import { asksAfterUnknownOutcome, VALUE_BEARING_TYPES } from './duplicates';
import { EVENT_TYPES } from './event-types';

describe('asksAfterUnknownOutcome', () => {
  it('asks for value-bearing types and retries the others by default', () => {
    expect(asksAfterUnknownOutcome(null, 'PURCHASE')).toBe(true);
    expect(asksAfterUnknownOutcome(null, 'RETURN')).toBe(true);
    expect(asksAfterUnknownOutcome(null, 'VISIT')).toBe(false);
    expect(asksAfterUnknownOutcome(null, 'CANCELLED')).toBe(false);
  });

  it('follows the integration’s choice for each group', () => {
    const retryAll = { valueTypes: 'retry', otherTypes: 'retry' } as const;
    const askAll = { valueTypes: 'ask', otherTypes: 'ask' } as const;
    expect(asksAfterUnknownOutcome(retryAll, 'PURCHASE')).toBe(false);
    expect(asksAfterUnknownOutcome(askAll, 'VISIT')).toBe(true);
  });

  it('names only real event types', () => {
    for (const t of VALUE_BEARING_TYPES) expect(EVENT_TYPES).toContain(t);
  });
});
