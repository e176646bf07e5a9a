import { describe, expect, it } from 'vitest';

import { overviewQuerySchema } from '@/lib/validations/overview';
import {
  HOUR_MS,
  dayBuckets,
  hourBuckets,
  previousPeriod,
  readPlan,
  resolvePeriod,
  startOfLocalDay,
  wholeBucket,
  type LocalBucket,
} from './overview-period';

const at = (iso: string) => Date.parse(iso);
const hourOf = (iso: string) => at(iso) / HOUR_MS;
const custom = (from: string, to: string, tz: string) =>
  resolvePeriod(overviewQuerySchema.parse({ period: 'custom', from, to, tz }), at('2027-01-01T00:00:00Z'));
const days = (from: string, to: string, tz: string) =>
  dayBuckets(custom(from, to, tz)).map((b) => ({
    label: b.label,
    from: new Date(b.fromHour * HOUR_MS).toISOString(),
    hours: b.toHour - b.fromHour,
  }));

describe('local days from UTC hour buckets', () => {
  it('Europe/Warsaw in March: the day the clocks go forward has 23 hours, the days around it 24', () => {
    expect(days('2026-03-28', '2026-03-30', 'Europe/Warsaw')).toEqual([
      { label: '2026-03-28', from: '2026-03-27T23:00:00.000Z', hours: 24 },
      { label: '2026-03-29', from: '2026-03-28T23:00:00.000Z', hours: 23 },
      { label: '2026-03-30', from: '2026-03-29T22:00:00.000Z', hours: 24 },
    ]);
  });

  it('Europe/Warsaw in October: the day the clocks go back has 25 hours', () => {
    expect(days('2026-10-24', '2026-10-26', 'Europe/Warsaw')).toEqual([
      { label: '2026-10-24', from: '2026-10-23T22:00:00.000Z', hours: 24 },
      { label: '2026-10-25', from: '2026-10-24T22:00:00.000Z', hours: 25 },
      { label: '2026-10-26', from: '2026-10-25T23:00:00.000Z', hours: 24 },
    ]);
  });

  it('Asia/Kolkata (UTC+5:30): a day is the 24 UTC hours that start in it, so it is read from 00:30', () => {
    expect(startOfLocalDay('Asia/Kolkata', '2026-01-10')).toBe(at('2026-01-09T18:30:00Z'));
    // The hour 18:00–19:00 UTC starts at 23:30 local: it counts for the 9th, the day it starts in.
    expect(days('2026-01-10', '2026-01-11', 'Asia/Kolkata')).toEqual([
      { label: '2026-01-10', from: '2026-01-09T19:00:00.000Z', hours: 24 },
      { label: '2026-01-11', from: '2026-01-10T19:00:00.000Z', hours: 24 },
    ]);
  });

  it('Asia/Kathmandu (UTC+5:45): the edges are off by 45 minutes, never an hour counted twice or lost', () => {
    expect(days('2026-01-10', '2026-01-12', 'Asia/Kathmandu')).toEqual([
      { label: '2026-01-10', from: '2026-01-09T19:00:00.000Z', hours: 24 },
      { label: '2026-01-11', from: '2026-01-10T19:00:00.000Z', hours: 24 },
      { label: '2026-01-12', from: '2026-01-11T19:00:00.000Z', hours: 24 },
    ]);
  });

  it('labels hours with the local hour their start falls in (a half-hour zone starts them at :30 UTC)', () => {
    const hours = hourBuckets(custom('2026-01-10', '2026-01-10', 'Asia/Kolkata'));
    expect(hours).toHaveLength(24);
    expect(hours[0]).toMatchObject({
      label: '2026-01-10T00:00',
      start: at('2026-01-09T18:30:00Z'),
      end: at('2026-01-09T19:30:00Z'),
      fromHour: hourOf('2026-01-09T19:00:00Z'),
    });
    expect(hours[23]!.label).toBe('2026-01-10T23:00');
  });
});

describe('periods', () => {
  const now = at('2026-06-15T10:20:00Z');
  const resolve = (q: Record<string, unknown>) => resolvePeriod(overviewQuerySchema.parse(q), now);

  it('7, 30 and 90 days end with the hour under way and count whole hours, by day', () => {
    for (const [period, n] of [
      ['7d', 7],
      ['30d', 30],
      ['90d', 90],
    ] as const) {
      const p = resolve({ period });
      expect(p.toHour).toBe(hourOf('2026-06-15T11:00:00Z'));
      expect(p.toHour - p.fromHour).toBe(n * 24);
      expect(p.bucket).toBe('day');
    }
  });

  it('the previous period has the same length and ends where the period starts', () => {
    const p = resolve({ period: '30d', tz: 'Europe/Warsaw' });
    const prev = previousPeriod(p);
    expect(prev.toHour).toBe(p.fromHour);
    expect(prev.toHour - prev.fromHour).toBe(p.toHour - p.fromHour);
  });

  it('today starts at the viewer’s midnight, by hour; a custom day too; three days are by day', () => {
    expect(resolve({ period: 'today', tz: 'Europe/Warsaw' })).toMatchObject({
      fromHour: hourOf('2026-06-14T22:00:00Z'),
      toHour: hourOf('2026-06-15T11:00:00Z'),
      bucket: 'hour',
    });
    expect(resolve({ period: 'today', tz: 'America/New_York' }).fromHour).toBe(
      hourOf('2026-06-15T04:00:00Z'),
    );
    expect(resolve({ period: 'custom', from: '2026-06-01', to: '2026-06-02' }).bucket).toBe('hour');
    expect(resolve({ period: 'custom', from: '2026-06-01', to: '2026-06-03' }).bucket).toBe('day');
  });

  it('a 7-day period by day starts and ends with the part-days it cuts, each cut to the period', () => {
    const buckets = dayBuckets(resolve({ period: '7d', tz: 'Europe/Warsaw' }));
    expect(buckets).toHaveLength(8);
    expect(buckets[0]).toMatchObject({ label: '2026-06-08', start: at('2026-06-08T11:00:00Z') });
    expect(buckets.at(-1)).toMatchObject({ label: '2026-06-15', end: at('2026-06-15T11:00:00Z') });
    // Contiguous, every hour once.
    for (let i = 1; i < buckets.length; i++) expect(buckets[i]!.fromHour).toBe(buckets[i - 1]!.toHour);
  });

  it('refuses what cannot be counted: over 400 days, from after to, an unknown zone', () => {
    const bad = (q: Record<string, unknown>) => overviewQuerySchema.safeParse(q).success;
    expect(bad({ period: 'custom', from: '2025-01-01', to: '2026-03-01' })).toBe(false);
    expect(bad({ period: 'custom', from: '2026-03-02', to: '2026-03-01' })).toBe(false);
    expect(bad({ tz: 'Mars/Olympus' })).toBe(false);
    expect(bad({ period: 'custom', from: '2025-03-01', to: '2026-04-04' })).toBe(true);
  });
});

describe('the read plan', () => {
  /** How many times the plan counts hour h for bucket i (a UTC day row counts all 24 of its hours). */
  function weight(plan: ReturnType<typeof readPlan>, h: number, i: number): number {
    let w = 0;
    for (const [span, first, last, index, sign] of plan) {
      if (index !== i) continue;
      const lo = first * span;
      const hi = (last + 1) * span;
      if (h >= lo && h < hi) w += sign;
    }
    return w;
  }
  const check = (buckets: LocalBucket[]) => {
    const plan = readPlan(buckets);
    const lo = buckets[0]!.fromHour - 48;
    const hi = buckets.at(-1)!.toHour + 48;
    for (let h = lo; h < hi; h++) {
      buckets.forEach((b, i) => {
        expect(weight(plan, h, i), `hour ${h}, bucket ${b.label}`).toBe(
          h >= b.fromHour && h < b.toHour ? 1 : 0,
        );
      });
    }
    return plan;
  };

  it('counts every hour of every bucket exactly once, whatever the zone and the DST changes', () => {
    for (const tz of [
      'UTC',
      'Europe/Warsaw',
      'Asia/Kolkata',
      'Asia/Kathmandu',
      'America/St_Johns',
      'Pacific/Chatham',
    ]) {
      check(dayBuckets(custom('2026-03-20', '2026-04-05', tz)));
      check(dayBuckets(custom('2026-10-20', '2026-11-05', tz)));
    }
  });

  it('reads a Warsaw day as one UTC day and an hour or two, not 24 hours', () => {
    const p = custom('2026-01-01', '2026-01-30', 'Europe/Warsaw');
    const plan = check(dayBuckets(p));
    expect(plan.filter((e) => e[0] === 24)).toHaveLength(30);
    // Winter, UTC+1: the 23:00 hour of each UTC day belongs to the next local day.
    expect(plan.filter((e) => e[0] === 1).length).toBeLessThanOrEqual(2 * 31);
  });

  it('reads a whole period and the one before it from whole days and the hours at their edges', () => {
    const p = resolvePeriod(overviewQuerySchema.parse({ period: '90d' }), at('2026-06-15T10:20:00Z'));
    const plan = check([wholeBucket(p), wholeBucket(previousPeriod(p))]);
    // A range of whole days per period, and the hours at its two ends.
    expect(plan.filter((e) => e[0] === 24)).toHaveLength(2);
    expect(plan.length).toBeLessThanOrEqual(6);
  });
});
