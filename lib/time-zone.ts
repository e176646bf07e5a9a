// Time zones with Intl only (no date library in the bundle): the offset of a named zone at an instant, and
// the instant a wall clock showed. Shared by the CSV backfill's dates and the overview's local days.
// Offsets only change at DST switches, which fall on quarter hours in UTC: one lookup per zone and quarter
// hour serves a whole file of orders, and a 90-day overview's hundreds of day boundaries.
const QUARTER_HOUR = 15 * 60_000;
const HALF_DAY = 12 * 3_600_000;
/** Per zone: its formatter and the offsets looked up so far, by quarter hour (a number key, no string). */
const zones = new Map<string, { format: Intl.DateTimeFormat; offsets: Map<number, number> }>();
/** Offsets kept across all zones; past this, all are forgotten (each is one formatToParts away). */
const MAX_OFFSETS = 50_000;
let kept = 0;

function zone(timeZone: string) {
  let z = zones.get(timeZone);
  if (!z) {
    const format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    zones.set(timeZone, (z = { format, offsets: new Map() }));
  }
  return z;
}

/** The zone's offset from UTC at an instant, in ms (Warsaw in summer: +2 h). */
export function offsetAt(timeZone: string, utcMs: number): number {
  const z = zone(timeZone);
  const bucket = Math.floor(utcMs / QUARTER_HOUR) * QUARTER_HOUR;
  const cached = z.offsets.get(bucket);
  if (cached !== undefined) return cached;
  const parts: Record<string, number> = {};
  for (const p of z.format.formatToParts(new Date(bucket))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  const offset =
    Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!) - bucket;
  if (++kept > MAX_OFFSETS) {
    for (const other of zones.values()) other.offsets.clear();
    kept = 1;
  }
  z.offsets.set(bucket, offset);
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
