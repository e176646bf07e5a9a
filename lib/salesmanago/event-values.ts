// Parsing of an event's `date` and `value` into what SALESmanago expects (epoch ms; a number with at most two
// decimals). Kept apart from the zod schema so the sandbox can apply exactly the same rules.
import { EVENT_FIELD_LIMITS } from './event-fields';

/** Earliest date accepted. SALESmanago itself dates from 2007; anything older is a unit or typing mistake. */
export const EVENT_DATE_MIN_MS = Date.UTC(2000, 0, 1);
/** How far ahead a date may be. Reservations and meetings can be planned, but not years ahead. */
export const EVENT_DATE_MAX_AHEAD_MS = 366 * 24 * 60 * 60 * 1000;

export type Parsed<T> = ({ ok: true } & T) | { ok: false; message: string };

const EXAMPLE = '2025-03-14T09:30:00+01:00';
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?([Zz]|[+-]\d{2}(?::?\d{2})?)?$/;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

function quote(s: string): string {
  return `"${s.length > 40 ? `${s.slice(0, 40)}…` : s}"`;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * Reads an ISO 8601 date-time (with a timezone) or epoch milliseconds, as a number or a digits-only string.
 * Open question 6 says SALESmanago may also take ISO strings, but its docs and official lib use epoch ms,
 * so the output is always integer ms.
 */
export function parseEventDate(input: string | number, now: number): Parsed<{ ms: number }> {
  if (typeof input === 'string') {
    const s = input.trim();
    if (/^\d+$/.test(s)) return checkRange(Number(s), now);
    if (DATE_ONLY.test(s)) {
      return { ok: false, message: `Date ${quote(s)} needs a time and a timezone, e.g. ${EXAMPLE}.` };
    }
    const m = DATE_TIME.exec(s);
    if (!m) {
      return {
        ok: false,
        message: `Date ${quote(s)} is not a date SALESmanago can use. Write it like ${EXAMPLE}, or give epoch milliseconds.`,
      };
    }
    const [, y, mo, d, h, mi, sec = '0', frac = '', zone] = m;
    // Without a zone the moment depends on where this server runs, not where the marketer is: refusing is
    // the safe reading, so no event is silently recorded hours off.
    if (!zone) {
      return {
        ok: false,
        message: `Date ${quote(s)} has no timezone. Add one, e.g. ${EXAMPLE}, or Z for UTC.`,
      };
    }
    const [year, month, day, hour, minute, second] = [y, mo, d, h, mi, sec].map(Number) as [
      number,
      number,
      number,
      number,
      number,
      number,
    ];
    let offsetMin = 0;
    let zoneOk = true;
    if (zone.toUpperCase() !== 'Z') {
      const zm = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone);
      const zh = Number(zm?.[2]);
      const zmin = Number(zm?.[3] ?? '0');
      zoneOk = !!zm && zh <= 23 && zmin <= 59;
      offsetMin = (zm?.[1] === '-' ? -1 : 1) * (zh * 60 + zmin);
    }
    const valid =
      zoneOk &&
      month >= 1 &&
      month <= 12 &&
      day >= 1 &&
      day <= daysInMonth(year, month) &&
      hour <= 23 &&
      minute <= 59 &&
      second <= 59;
    if (!valid) return { ok: false, message: `Date ${quote(s)} is not a real date and time.` };
    const ms = Number(frac.padEnd(3, '0').slice(0, 3));
    return checkRange(Date.UTC(year, month - 1, day, hour, minute, second, ms) - offsetMin * 60_000, now);
  }
  if (!Number.isFinite(input)) return { ok: false, message: 'Date must be a finite number of milliseconds.' };
  return checkRange(Math.round(input), now);
}

function checkRange(ms: number, now: number): Parsed<{ ms: number }> {
  const max = now + EVENT_DATE_MAX_AHEAD_MS;
  if (ms >= EVENT_DATE_MIN_MS && ms <= max) return { ok: true, ms };
  // The official PHP lib sends seconds (time()); the most likely mistake deserves its own sentence.
  if (ms * 1000 >= EVENT_DATE_MIN_MS && ms * 1000 <= max) {
    return {
      ok: false,
      message: `Date ${ms} looks like seconds, but SALESmanago wants milliseconds: use ${ms * 1000}.`,
    };
  }
  const when = Number.isFinite(ms) && Math.abs(ms) < 8.64e15 ? new Date(ms).toISOString() : String(ms);
  return ms < EVENT_DATE_MIN_MS
    ? { ok: false, message: `Date ${when} is too far in the past: events must be from 2000 or later.` }
    : { ok: false, message: `Date ${when} is more than a year in the future.` };
}

const { integerDigits: MAX_INT_DIGITS, decimals: MAX_DECIMALS } = EVENT_FIELD_LIMITS.value;

/**
 * Reads a money-like value: a number, or a numeric string from a form. At most 19 digits before and 2 after
 * the point (C# SDK doc comment). Because JSON numbers are doubles, a value with more digits than a double
 * keeps is refused rather than sent as a different number.
 */
export function parseEventValue(input: string | number): Parsed<{ value: number }> {
  if (typeof input === 'number') {
    if (!Number.isFinite(input)) return { ok: false, message: 'Value must be a number.' };
    const cents = input * 100;
    const rounded = Math.round(cents);
    // Shop code computes totals in floating point (59.970000000000006); that is two decimals in intent.
    if (Math.abs(cents - rounded) > Math.max(1e-6, Math.abs(cents) * 4 * Number.EPSILON)) {
      const decimals = /\.(\d+)$/.exec(String(input))?.[1]?.length;
      return { ok: false, message: decimalsMessage(decimals) };
    }
    const value = rounded / 100 || 0;
    const digits = Math.abs(value) < 1 ? 1 : Math.floor(Math.log10(Math.abs(value))) + 1;
    if (digits > MAX_INT_DIGITS) return { ok: false, message: integerDigitsMessage(digits) };
    return { ok: true, value };
  }

  const s = input.trim();
  const m = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(s);
  if (!m || !/\d/.test(s)) {
    if (/^[+-]?\d+,\d+$/.test(s)) {
      return {
        ok: false,
        message: 'Value must be a number: use a dot for decimals, e.g. 12.50 instead of 12,50.',
      };
    }
    return { ok: false, message: 'Value must be a number.' };
  }
  const [, sign = '', rawInt = '', rawFrac = ''] = m;
  const int = rawInt.replace(/^0+(?=\d)/, '') || '0';
  const frac = rawFrac.replace(/0+$/, '');
  if (frac.length > MAX_DECIMALS) return { ok: false, message: decimalsMessage(frac.length) };
  if (int.length > MAX_INT_DIGITS) return { ok: false, message: integerDigitsMessage(int.length) };
  const value = Number(`${sign}${int}.${frac || '0'}`) || 0;
  const canonical = `${sign === '-' && value !== 0 ? '-' : ''}${int}${frac ? `.${frac}` : ''}`;
  if (String(value) !== canonical) {
    return {
      ok: false,
      message: `Value ${s} has more digits than can be sent exactly (${String(value)} would arrive); round it to at most 15 digits.`,
    };
  }
  return { ok: true, value };
}

function decimalsMessage(decimals: number | undefined): string {
  const had = decimals === undefined ? '' : ` (you have ${decimals})`;
  return `Value can have at most ${MAX_DECIMALS} decimal places${had}.`;
}

function integerDigitsMessage(digits: number): string {
  return `Value can have at most ${MAX_INT_DIGITS} digits before the decimal point (you have ${digits}).`;
}
