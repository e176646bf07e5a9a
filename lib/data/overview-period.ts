import { offsetAt, wallTimeToUtc } from '@/lib/time-zone';
import type { OverviewQuery } from '@/lib/validations/overview';

// Period, bucket and time-zone maths of the overview. Pure: no database, so it is tested on its own.
//
// The rollups keep UTC hours (and UTC days, which are 24 of those hours). A bar of the overview is a
// day (or, for periods of two days or less, an hour) of the viewer's time zone, and **each UTC hour
// belongs to the local bucket that contains its start**. In a zone whose offset is whole hours (nearly
// all, DST included) local midnight is an hour boundary and days are exact. In a zone with a half-hour
// offset (Asia/Kolkata, UTC+5:30) the UTC hour 18:00–19:00 starts at 23:30 local and counts for the
// day it starts in, so a local day is read from 00:30 to 00:30: its edges are off by 30 minutes, and
// by 45 minutes in Asia/Kathmandu (UTC+5:45). We chose this over quarter-hour buckets, which would
// make every rollup four times larger (and every trigger write four times more) for the few viewers
// in those zones; the period the answer reports (`from`, `to`) is the one actually counted.

export const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

const iso = (wall: number) => new Date(wall).toISOString();

/** The local day (YYYY-MM-DD) in `timeZone` at instant `t`. */
export function localDay(timeZone: string, t: number): string {
  return iso(t + offsetAt(timeZone, t)).slice(0, 10);
}

/** The day after a YYYY-MM-DD day. */
export function nextDay(day: string): string {
  return iso(Date.parse(`${day}T00:00:00Z`) + DAY_MS).slice(0, 10);
}

/**
 * The first instant of a local day (lib/time-zone.ts): a midnight that a DST change skips (the clocks
 * jump from 00:00 to 01:00) gives the instant of the jump, when the day really starts.
 */
export function startOfLocalDay(timeZone: string, day: string): number {
  return wallTimeToUtc(Date.parse(`${day}T00:00:00Z`), timeZone);
}

export interface ResolvedPeriod {
  /** The UTC hours counted: [fromHour, toHour), epoch ms / HOUR_MS. */
  fromHour: number;
  toHour: number;
  bucket: 'hour' | 'day';
  timeZone: string;
}

/**
 * The hours a query counts. Periods of 7, 30 and 90 days end now; today starts at the viewer's local
 * midnight; a custom period is whole local days. The rollups count whole UTC hours, so a period starts
 * with the first hour that begins inside it and ends with the hour under way (`now` included).
 */
export function resolvePeriod(q: OverviewQuery, now: number): ResolvedPeriod {
  const tz = q.tz;
  let from: number;
  let to = now;
  let days: number;
  if (q.period === 'custom' && q.from && q.to) {
    from = startOfLocalDay(tz, q.from);
    to = startOfLocalDay(tz, nextDay(q.to));
    days = (Date.parse(`${q.to}T00:00:00Z`) - Date.parse(`${q.from}T00:00:00Z`)) / DAY_MS + 1;
  } else if (q.period === 'today') {
    from = startOfLocalDay(tz, localDay(tz, now));
    days = 1;
  } else {
    days = q.period === '30d' ? 30 : q.period === '90d' ? 90 : 7;
    from = now - days * DAY_MS;
  }
  // The hour under way counts when the period ends now; a custom period ends at a local midnight.
  const toHour = to === now ? Math.floor(now / HOUR_MS) + 1 : Math.ceil(to / HOUR_MS);
  return {
    fromHour: Math.ceil(from / HOUR_MS),
    toHour,
    bucket: days <= 2 ? 'hour' : 'day',
    timeZone: tz,
  };
}

/** The period of the same length just before. */
export function previousPeriod(p: ResolvedPeriod): ResolvedPeriod {
  return { ...p, fromHour: 2 * p.fromHour - p.toHour, toHour: p.fromHour };
}

export interface LocalBucket {
  /** Epoch ms of the bucket's local boundaries, cut to the period. */
  start: number;
  end: number;
  /** YYYY-MM-DD, or YYYY-MM-DDTHH:00 for hours. */
  label: string;
  /** The UTC hours it counts: [fromHour, toHour). */
  fromHour: number;
  toHour: number;
}

/** The local days of a period, each with the UTC hours whose start lies in it. */
export function dayBuckets(p: ResolvedPeriod): LocalBucket[] {
  const from = p.fromHour * HOUR_MS;
  const to = p.toHour * HOUR_MS;
  const out: LocalBucket[] = [];
  // The local date as the UTC midnight of the same date (a number: no text parsed or written per day).
  let day = Date.parse(`${localDay(p.timeZone, from)}T00:00:00Z`);
  let start = from;
  while (start < to) {
    const next = day + DAY_MS;
    const end = Math.min(to, wallTimeToUtc(next, p.timeZone));
    out.push({
      start,
      end,
      label: iso(day).slice(0, 10),
      fromHour: Math.ceil(start / HOUR_MS),
      toHour: Math.ceil(end / HOUR_MS),
    });
    day = next;
    start = end;
  }
  return out.filter((b) => b.toHour > b.fromHour);
}

/** One bucket per UTC hour, labelled with the local hour its start falls in. */
export function hourBuckets(p: ResolvedPeriod): LocalBucket[] {
  const out: LocalBucket[] = [];
  for (let h = p.fromHour; h < p.toHour; h++) {
    const offset = offsetAt(p.timeZone, h * HOUR_MS);
    // In a half-hour zone the local hour began before the UTC hour did.
    const intoHour = ((offset % HOUR_MS) + HOUR_MS) % HOUR_MS;
    const start = h * HOUR_MS - intoHour;
    out.push({
      start,
      end: start + HOUR_MS,
      label: `${iso(start + offset).slice(0, 13)}:00`,
      fromHour: h,
      toHour: h + 1,
    });
  }
  return out;
}

/** The whole period as one bucket (totals and the comparison with the previous period). */
export function wholeBucket(p: ResolvedPeriod): LocalBucket {
  return {
    start: p.fromHour * HOUR_MS,
    end: p.toHour * HOUR_MS,
    label: '',
    fromHour: p.fromHour,
    toHour: p.toHour,
  };
}

/**
 * How to read buckets from the two tiers: [spanHours, firstBucket, lastBucket, bucketIndex, sign]. A
 * UTC day is read whole for the bucket that holds most of its hours, and its other hours are taken
 * away from that bucket and given to theirs: a local day in Europe/Warsaw is one UTC day and two hours,
 * not 24 hours, so a 90-day overview reads about 90 + 180 rows per key instead of 2,160.
 */
export type PlanEntry = [spanHours: 1 | 24, first: number, last: number, index: number, sign: 1 | -1];

export function readPlan(buckets: LocalBucket[]): PlanEntry[] {
  const order = buckets
    .map((b, i) => ({ from: b.fromHour, to: b.toHour, i }))
    .filter((b) => b.to > b.from)
    .sort((a, b) => a.from - b.from);
  if (!order.length) return [];
  // Hours are asked for in increasing order, so one pointer walks the sorted buckets once.
  let k = 0;
  const bucketOf = (h: number) => {
    while (k < order.length && order[k]!.to <= h) k++;
    const b = order[k];
    return b && b.from <= h ? b.i : -1;
  };
  const plan: PlanEntry[] = [];
  const hour = (h: number, i: number, sign: 1 | -1) => {
    const prev = plan[plan.length - 1];
    // Runs of hours with the same bucket and sign become one range.
    if (prev && prev[0] === 1 && prev[2] === h - 1 && prev[3] === i && prev[4] === sign) prev[2] = h;
    else plan.push([1, h, h, i, sign]);
  };
  const owners = new Array<number>(24);
  let dayRun: PlanEntry | undefined;
  const firstDay = Math.floor(order[0]!.from / 24);
  const lastDay = Math.floor((order[order.length - 1]!.to - 1) / 24);
  for (let day = firstDay; day <= lastDay; day++) {
    for (let j = 0; j < 24; j++) owners[j] = bucketOf(day * 24 + j);
    // The bucket holding most of the day's hours, the later one of a tie (a day meets two or three
    // buckets at most, each in one run of hours: counted as runs, without a set or a filter per day).
    let owner = owners[0]!;
    let most = 0;
    for (let j = 0; j < 24;) {
      const candidate = owners[j]!;
      let n = 0;
      for (let m = 0; m < 24; m++) if (owners[m] === candidate) n++;
      if (n > most || (n === most && candidate > owner)) [owner, most] = [candidate, n];
      while (j < 24 && owners[j] === candidate) j++;
    }
    // Runs of whole days of one bucket become one range too: a whole period is then a seek or two per
    // table, not one per day.
    if (owner >= 0) {
      if (dayRun && dayRun[2] === day - 1 && dayRun[3] === owner) dayRun[2] = day;
      else plan.push((dayRun = [24, day, day, owner, 1]));
    }
    if (most === 24) continue;
    // Taken away first, then given: each pass runs through the day in order, so its hours merge.
    for (let j = 0; j < 24; j++) if (owners[j] !== owner && owner >= 0) hour(day * 24 + j, owner, -1);
    for (let j = 0; j < 24; j++)
      if (owners[j] !== owner && owners[j]! >= 0) hour(day * 24 + j, owners[j]!, 1);
  }
  return plan;
}

/** The UTC days a period touches (the products rollup keeps days only). */
export function utcDays(p: ResolvedPeriod): [first: number, last: number] {
  return [Math.floor(p.fromHour / 24), Math.floor((p.toHour - 1) / 24)];
}
