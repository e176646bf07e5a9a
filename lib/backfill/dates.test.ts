import { describe, expect, it } from 'vitest';

import { guessDayMonthOrder, parseCsvDate, wallTimeToUtc, type DateOptions } from './dates';

const warsaw: DateOptions = { timeZone: 'Europe/Warsaw', dayMonthOrder: 'unset' };
const ms = (iso: string) => Date.parse(iso);
const read = (s: string, opts: Partial<DateOptions> = {}) => parseCsvDate(s, { ...warsaw, ...opts });

describe('parseCsvDate', () => {
  it('reads ISO 8601 with a zone exactly, whatever zone the person picked', () => {
    expect(read('2025-03-14T09:30:00+01:00')).toEqual({ ok: true, ms: ms('2025-03-14T08:30:00Z') });
    expect(read('2025-03-14T09:30:00Z', { timeZone: 'America/New_York' })).toEqual({
      ok: true,
      ms: ms('2025-03-14T09:30:00Z'),
    });
    expect(read('2025-03-14T09:30:00.250-0500')).toEqual({ ok: true, ms: ms('2025-03-14T14:30:00.250Z') });
    expect(read('2025-03-14 09:30 UTC')).toEqual({ ok: true, ms: ms('2025-03-14T09:30:00Z') });
  });

  it('reads a date-time without a zone in the chosen time zone, summer and winter', () => {
    expect(read('2025-01-10T12:00:00')).toEqual({ ok: true, ms: ms('2025-01-10T11:00:00Z') });
    expect(read('2025-07-10 12:00')).toEqual({ ok: true, ms: ms('2025-07-10T10:00:00Z') });
    expect(read('2025-07-10 12:00:30', { timeZone: 'UTC' })).toEqual({
      ok: true,
      ms: ms('2025-07-10T12:00:30Z'),
    });
    expect(read('2025-07-10 12:00', { timeZone: 'America/Los_Angeles' })).toEqual({
      ok: true,
      ms: ms('2025-07-10T19:00:00Z'),
    });
    expect(read('2025/07/10 08:05', { timeZone: 'Asia/Kolkata' })).toEqual({
      ok: true,
      ms: ms('2025-07-10T02:35:00Z'),
    });
  });

  it('reads a date alone as midnight in the chosen zone', () => {
    expect(read('2025-03-14')).toEqual({ ok: true, ms: ms('2025-03-13T23:00:00Z') });
  });

  it('reads DD.MM.YYYY with or without a time, day first', () => {
    expect(read('14.03.2025')).toEqual({ ok: true, ms: ms('2025-03-13T23:00:00Z') });
    expect(read('4.7.2025 18:45')).toEqual({ ok: true, ms: ms('2025-07-04T16:45:00Z') });
    expect(read('14.03.2025 09:30:15')).toEqual({ ok: true, ms: ms('2025-03-14T08:30:15Z') });
  });

  it('refuses slashed dates until the order of day and month is chosen, then reads them', () => {
    const unset = read('03/04/2025');
    expect(unset.ok).toBe(false);
    if (!unset.ok) expect(unset.message).toMatch(/3 April or March 4|choose whether the day or the month/);
    expect(read('03/04/2025 10:00', { dayMonthOrder: 'day-first' })).toEqual({
      ok: true,
      ms: ms('2025-04-03T08:00:00Z'),
    });
    expect(read('03/04/2025 10:00', { dayMonthOrder: 'month-first' })).toEqual({
      ok: true,
      ms: ms('2025-03-04T09:00:00Z'),
    });
    expect(read('3/4/2025 2:30 PM', { dayMonthOrder: 'month-first', timeZone: 'UTC' })).toEqual({
      ok: true,
      ms: ms('2025-03-04T14:30:00Z'),
    });
    expect(read('3/4/2025 12:05 AM', { dayMonthOrder: 'month-first', timeZone: 'UTC' })).toEqual({
      ok: true,
      ms: ms('2025-03-04T00:05:00Z'),
    });
    // The chosen order is applied as chosen, never flipped to make a date fit.
    expect(read('25/03/2025', { dayMonthOrder: 'month-first' }).ok).toBe(false);
  });

  it('reads epoch seconds (10 digits) and milliseconds (13 digits), and refuses the ambiguous widths', () => {
    expect(read('1741944600')).toEqual({ ok: true, ms: 1741944600000 });
    expect(read('1741944600.5')).toEqual({ ok: true, ms: 1741944600500 });
    expect(read('1741944600123')).toEqual({ ok: true, ms: 1741944600123 });
    expect(read('17419446001').ok).toBe(false);
    expect(read('2025').ok).toBe(false);
  });

  it('refuses impossible dates and unknown shapes with a sentence', () => {
    for (const bad of [
      '2025-02-30',
      '31.04.2025',
      '2025-03-14 24:00',
      'yesterday',
      '14 March 2025',
      '2025-03-14T09:30+25:00',
    ]) {
      const r = read(bad);
      expect(r.ok, bad).toBe(false);
      if (!r.ok) expect(r.message, bad).toContain(bad);
    }
  });
});

describe('wallTimeToUtc across daylight saving switches (Europe/Warsaw)', () => {
  it('moves a time in the skipped hour forward with the clocks', () => {
    // 2025-03-30 02:30 does not exist in Warsaw: clocks jump from 02:00 to 03:00.
    expect(wallTimeToUtc(Date.UTC(2025, 2, 30, 2, 30), 'Europe/Warsaw')).toBe(ms('2025-03-30T01:30:00Z'));
  });
  it('takes the first of the repeated hour', () => {
    // 2025-10-26 02:30 happens twice: first at +02:00.
    expect(wallTimeToUtc(Date.UTC(2025, 9, 26, 2, 30), 'Europe/Warsaw')).toBe(ms('2025-10-26T00:30:00Z'));
  });
});

describe('guessDayMonthOrder', () => {
  it('settles the order only when a sample date shows it', () => {
    expect(guessDayMonthOrder(['01/02/2025', '25/03/2025'])).toBe('day-first');
    expect(guessDayMonthOrder(['03/25/2025 10:00'])).toBe('month-first');
    expect(guessDayMonthOrder(['01/02/2025', '2025-03-01'])).toBe('unset');
    expect(guessDayMonthOrder(['25/03/2025', '03/25/2025'])).toBe('unset');
  });
});
