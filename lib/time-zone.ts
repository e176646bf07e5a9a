// Time zones with Intl only (no date library in the bundle): the offset of a named zone at an instant, and
// the instant a wall clock showed. Shared by the CSV backfill's dates and the overview's local days.
const formatters = new Map<string, Intl.DateTimeFormat>();
// Offsets only change at DST switches, which fall on quarter hours in UTC: one lookup per zone and quarter
// hour serves a whole file of orders.
const QUARTER_HOUR = 15 * 60_000;
const HALF_DAY = 12 * 3_600_000;
const offsetCache = new Map<string, number>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The zone's offset from UTC at an instant, in ms (Warsaw in summer: +2 h). */
export function offsetAt(timeZone: string, utcMs: number): number {
  const bucket = Math.floor(utcMs / QUARTER_HOUR) * QUARTER_HOUR;
  const key = `${timeZone}|${bucket}`;
  const cached = offsetCache.get(key);
  if (cached !== undefined) return cached;
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(bucket))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  const offset =
    Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!) - bucket;
  if (offsetCache.size > 50_000) offsetCache.clear();
  offsetCache.set(key, offset);
  return offset;
}

/**
 * The instant a wall clock in `timeZone` showed `wall` (given as if it were UTC). In the hour skipped when
 * clocks go forward the result moves forward with them; in the hour that repeats, the first one is taken.
 */
export function wallTimeToUtc(wall: number, timeZone: string): number {
  // A zone changes its offset at most once within a day, so the offsets half a day either side are the
  // only two a wall time can mean.
  const before = wall - offsetAt(timeZone, wall - HALF_DAY);
  const after = wall - offsetAt(timeZone, wall + HALF_DAY);
  const real = [before, after].filter((t) => t + offsetAt(timeZone, t) === wall);
  return real.length ? Math.min(...real) : before;
}
