import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { fromLocalInputValue, isRangePreset, presetRange, toLocalInputValue } from './date-range';

const NOW = Date.UTC(2025, 5, 14, 12, 0, 0);

describe('presetRange', () => {
  it('turns each preset into an open-ended range ending now', () => {
    expect(presetRange('1h', NOW)).toEqual({ from: NOW - 3_600_000, to: undefined });
    expect(presetRange('24h', NOW).from).toBe(NOW - 86_400_000);
    expect(presetRange('7d', NOW).from).toBe(NOW - 7 * 86_400_000);
    expect(presetRange('30d', NOW).from).toBe(NOW - 30 * 86_400_000);
  });

  it('knows only its own preset names', () => {
    expect(isRangePreset('24h')).toBe(true);
    expect(isRangePreset('2h')).toBe(false);
    expect(isRangePreset('toString')).toBe(false);
    expect(isRangePreset(undefined)).toBe(false);
  });
});

describe('datetime-local values in the viewer time zone', () => {
  const original = process.env.TZ;
  beforeAll(() => {
    process.env.TZ = 'Europe/Warsaw';
  });
  afterAll(() => {
    process.env.TZ = original;
  });

  it('writes and reads local wall-clock time', () => {
    // 12:00 UTC is 14:00 in Warsaw in June (CEST, UTC+2).
    expect(toLocalInputValue(NOW)).toBe('2025-06-14T14:00');
    expect(fromLocalInputValue('2025-06-14T14:00')).toBe(NOW);
    // In January Warsaw is UTC+1.
    expect(fromLocalInputValue('2025-01-10T09:30')).toBe(Date.UTC(2025, 0, 10, 8, 30));
  });

  it('makes the end of a range cover the whole minute', () => {
    expect(fromLocalInputValue('2025-06-14T14:00', 'end')).toBe(NOW + 59_999);
  });

  it('refuses empty, malformed and impossible dates', () => {
    expect(fromLocalInputValue('')).toBeUndefined();
    expect(fromLocalInputValue('yesterday')).toBeUndefined();
    expect(fromLocalInputValue('2025-02-31T10:00')).toBeUndefined();
    expect(fromLocalInputValue('2025-06-14 14:00')).toBeUndefined();
  });
});
