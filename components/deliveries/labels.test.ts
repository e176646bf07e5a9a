import { describe, expect, it } from 'vitest';

import { possibleDuplicateNote } from './labels';

describe('possibleDuplicateNote', () => {
  const base = { possibleDuplicate: true, attemptCount: 1, reason: { code: 'timeout' } };

  it('says "sent again" only once the event was sent more than once', () => {
    expect(possibleDuplicateNote(base)).toContain('the next attempt may store it a second time');
    expect(possibleDuplicateNote(base)).not.toContain('was sent again');
    expect(possibleDuplicateNote({ ...base, attemptCount: 2 })).toContain('the event was sent again');
  });

  it('adds nothing to a delivery waiting for a decision, nor to one not flagged', () => {
    expect(possibleDuplicateNote({ ...base, reason: { code: 'maybe-stored' } })).toBeNull();
    expect(possibleDuplicateNote({ ...base, possibleDuplicate: false })).toBeNull();
  });
});
