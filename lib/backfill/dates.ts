// Dates as shops and spreadsheets export them, read into epoch milliseconds. Every accepted shape is listed
// here; anything else is refused with a sentence, never guessed, because a wrong guess files last year's
// order on the wrong day for good.
import { wallTimeToUtc } from '@/lib/time-zone';
import type { DayMonthOrder } from '@/lib/validations/backfill';

export { wallTimeToUtc };

export type DateResult = { ok: true; ms: number } | { ok: false; message: string };

export interface DateOptions {
  /** IANA zone for dates written without one (a spreadsheet's "2025-03-14 09:30"). */
  timeZone: string;
  dayMonthOrder: DayMonthOrder;
}

const TIME = String.raw`(?:[T ]+(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?`;
const ZONE = String.raw`\s*([Zz]|(?:UTC|GMT)?[+-]\d{2}(?::?\d{2})?|UTC|GMT)?`;
// 2025-03-14, 2025/03/14, with an optional time and zone (ISO 8601 and its spreadsheet cousins).
const YEAR_FIRST = new RegExp(String.raw`^(\d{4})[-/](\d{1,2})[-/](\d{1,2})${TIME}${ZONE}$`);
// 14.03.2025 [09:30[:00]]: dots always mean day first (the European convention).
const DOTTED = new RegExp(String.raw`^(\d{1,2})\.(\d{1,2})\.(\d{4})${TIME}$`);
// 03/14/2025 or 14/03/2025, with an optional time and AM/PM: which one is up to the person.
const SLASHED = new RegExp(String.raw`^(\d{1,2})/(\d{1,2})/(\d{4})${TIME}(?:\s*([AaPp][Mm]))?$`);
const EPOCH = /^(\d+)(?:\.(\d{1,3}))?$/;

const EXAMPLES = '2025-03-14 09:30, 2025-03-14T09:30:00+01:00, 14.03.2025 09:30 or epoch seconds';

function quote(s: string): string {
  return `"${s.length > 40 ? `${s.slice(0, 40)}…` : s}"`;
}

export function parseCsvDate(raw: string, opts: DateOptions): DateResult {
  const s = raw.trim();
  const epoch = EPOCH.exec(s);
  if (epoch) return readEpoch(s, epoch[1]!, epoch[2]);

  let m = YEAR_FIRST.exec(s);
  if (m) {
    const [, y, mo, d, h, mi, sec, frac, zone] = m;
    return build(s, { y, mo, d, h, mi, sec, frac }, zone, opts.timeZone);
  }
  m = DOTTED.exec(s);
  if (m) {
    const [, d, mo, y, h, mi, sec, frac] = m;
    return build(s, { y, mo, d, h, mi, sec, frac }, undefined, opts.timeZone);
  }
  m = SLASHED.exec(s);
  if (m) {
    const [, a, b, y, h, mi, sec, frac, ampm] = m;
    if (opts.dayMonthOrder === 'unset') {
      return {
        ok: false,
        message: `Date ${quote(s)} could be read two ways (${a} ${monthName(b)} or ${monthName(a)} ${b}): choose whether the day or the month comes first.`,
      };
    }
    const [d, mo] = opts.dayMonthOrder === 'day-first' ? [a, b] : [b, a];
    const hour = h === undefined ? undefined : to24(Number(h), ampm);
    if (hour === null)
      return { ok: false, message: `Date ${quote(s)} has an hour that AM/PM does not allow.` };
    return build(
      s,
      { y, mo, d, h: hour === undefined ? undefined : String(hour), mi, sec, frac },
      undefined,
      opts.timeZone,
    );
  }
  return {
    ok: false,
    message: `Date ${quote(s)} is not a date format the import reads. Use e.g. ${EXAMPLES}.`,
  };
}

function monthName(n: string | undefined): string {
  const i = Number(n);
  return i >= 1 && i <= 12
    ? new Date(Date.UTC(2000, i - 1, 1)).toLocaleString('en-GB', { month: 'long', timeZone: 'UTC' })
    : `month ${n}`;
}

function to24(hour: number, ampm: string | undefined): number | null {
  if (!ampm) return hour;
  if (hour < 1 || hour > 12) return null;
  const pm = ampm.toLowerCase() === 'pm';
  return (hour % 12) + (pm ? 12 : 0);
}

// 9–10 digits are seconds (2001–2286), 12–13 are milliseconds; 11 could be either unit off by ten, so no.
function readEpoch(s: string, int: string, frac: string | undefined): DateResult {
  if ((int.length === 9 || int.length === 10) && !frac?.length) return { ok: true, ms: Number(int) * 1000 };
  if (int.length === 9 || int.length === 10)
    return { ok: true, ms: Math.round(Number(`${int}.${frac}`) * 1000) };
  if ((int.length === 12 || int.length === 13) && !frac) return { ok: true, ms: Number(int) };
  return {
    ok: false,
    message: `Date ${quote(s)} is a number but neither epoch seconds (10 digits) nor epoch milliseconds (13 digits).`,
  };
}

interface Parts {
  y?: string;
  mo?: string;
  d?: string;
  h?: string;
  mi?: string;
  sec?: string;
  frac?: string;
}

function build(s: string, p: Parts, zone: string | undefined, timeZone: string): DateResult {
  const [year, month, day] = [Number(p.y), Number(p.mo), Number(p.d)];
  const [hour, minute, second] = [Number(p.h ?? 0), Number(p.mi ?? 0), Number(p.sec ?? 0)];
  const ms = Number((p.frac ?? '').padEnd(3, '0').slice(0, 3));
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth || hour > 23 || minute > 59 || second > 59) {
    return { ok: false, message: `Date ${quote(s)} is not a real date and time.` };
  }
  const wall = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  if (zone) {
    const offset = zoneOffsetMinutes(zone);
    if (offset === null)
      return { ok: false, message: `Date ${quote(s)} has a time zone offset that does not exist.` };
    return { ok: true, ms: wall - offset * 60_000 };
  }
  return { ok: true, ms: wallTimeToUtc(wall, timeZone) };
}

function zoneOffsetMinutes(zone: string): number | null {
  const z = zone.toUpperCase().replace(/^(UTC|GMT)/, '');
  if (z === '' || z === 'Z') return 0;
  const m = /^([+-])(\d{2}):?(\d{2})?$/.exec(z);
  if (!m) return null;
  const [h, min] = [Number(m[2]), Number(m[3] ?? 0)];
  if (h > 14 || min > 59) return null;
  return (m[1] === '-' ? -1 : 1) * (h * 60 + min);
}

/**
 * Looks at slashed dates in a sample for one that settles the order (a part above 12), so the screen can
 * preselect it. Returns 'unset' when the sample does not say, or says both.
 */
export function guessDayMonthOrder(values: Iterable<string>): DayMonthOrder {
  let dayFirst = false;
  let monthFirst = false;
  for (const v of values) {
    const m = SLASHED.exec(v.trim());
    if (!m) continue;
    if (Number(m[1]) > 12) dayFirst = true;
    if (Number(m[2]) > 12) monthFirst = true;
  }
  if (dayFirst === monthFirst) return 'unset';
  return dayFirst ? 'day-first' : 'month-first';
}
