import { describe, expect, it } from 'vitest';

import { EVENT_DATE_MAX_AHEAD_MS, EVENT_DATE_MIN_MS, parseEventDate, parseEventValue } from './event-values';

const NOW = Date.UTC(2026, 10, 27, 12, 0, 0);

describe('parseEventDate', () => {
  it('accepts the range boundaries and refuses one millisecond beyond', () => {
    expect(parseEventDate(EVENT_DATE_MIN_MS, NOW)).toEqual({ ok: true, ms: EVENT_DATE_MIN_MS });
    expect(parseEventDate(EVENT_DATE_MIN_MS - 1, NOW).ok).toBe(false);
    expect(parseEventDate(NOW + EVENT_DATE_MAX_AHEAD_MS, NOW).ok).toBe(true);
    expect(parseEventDate(NOW + EVENT_DATE_MAX_AHEAD_MS + 1, NOW).ok).toBe(false);
  });

  it('applies the offset of the string', () => {
    const utc = Date.UTC(2026, 0, 31, 23, 0, 0);
    for (const s of [
      '2026-02-01T00:00:00+01:00',
      '2026-02-01T00:00+0100',
      '2026-01-31T23:00:00Z',
      '2026-01-31 23:00:00z',
      '2026-01-31T18:00:00-05',
    ]) {
      expect(parseEventDate(s, NOW)).toEqual({ ok: true, ms: utc });
    }
  });

  it('checks the calendar, including leap years', () => {
    expect(parseEventDate('2024-02-29T10:00:00Z', NOW).ok).toBe(true);
    expect(parseEventDate('2025-02-29T10:00:00Z', NOW).ok).toBe(false);
    expect(parseEventDate('2025-13-01T10:00:00Z', NOW).ok).toBe(false);
    expect(parseEventDate('2025-01-01T24:00:00Z', NOW).ok).toBe(false);
    expect(parseEventDate('2025-01-01T10:00:00+25:00', NOW).ok).toBe(false);
  });

  it('refuses non-finite numbers', () => {
    expect(parseEventDate(Number.NaN, NOW).ok).toBe(false);
  });
});

describe('parseEventValue', () => {
  it('normalises numeric strings', () => {
    expect(parseEventValue('007.10')).toEqual({ ok: true, value: 7.1 });
    expect(parseEventValue('+3')).toEqual({ ok: true, value: 3 });
    expect(parseEventValue('-0')).toEqual({ ok: true, value: 0 });
    expect(parseEventValue('.5')).toEqual({ ok: true, value: 0.5 });
  });

  it('refuses things that are not numbers', () => {
    for (const s of ['', '-', '.', '1e3', '1 000', '0x10', 'NaN', 'Infinity']) {
      expect(parseEventValue(s)).toMatchObject({
        ok: false,
        message: expect.stringMatching(/^Value must be a number/),
      });
    }
    expect(parseEventValue(Number.POSITIVE_INFINITY).ok).toBe(false);
  });

  it('refuses a value that a JSON number would change, naming what would arrive', () => {
    expect(parseEventValue('1234567890123.45')).toEqual({ ok: true, value: 1234567890123.45 });
    expect(parseEventValue('99999999999999.99')).toEqual({
      ok: false,
      message: expect.stringContaining('(99999999999999.98 would arrive)'),
    });
    expect(parseEventValue('1234567890123456.78').ok).toBe(false);
  });
});
