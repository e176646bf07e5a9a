// Numbers and days as the overview shows them. A fixed locale (en-US digits, like the rest of the console)
// so the server's HTML and the browser's first render agree; days come as the API's local labels
// (YYYY-MM-DD, or YYYY-MM-DDTHH:00 for hours) and are only reworded here, never moved between zones.

const counts = new Intl.NumberFormat('en-US');
const percents = new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: 1 });

export const formatCount = (n: number) => counts.format(n);

export const formatPercent = (share: number) => percents.format(share);

const moneyFormats = new Map<string, Intl.NumberFormat | null>();

/** An amount in its own currency (€1,234.50, PLN 99.00, ¥1,200); an unknown code is written after it. */
export function formatMoney(amount: number, currency: string): string {
  if (!moneyFormats.has(currency)) {
    let format: Intl.NumberFormat | null = null;
    try {
      format = new Intl.NumberFormat('en-US', { style: 'currency', currency });
    } catch {
      // Not an ISO 4217 code (a shop wrote "EURO" or "zł"): still an amount, with the shop's own word.
    }
    moneyFormats.set(currency, format);
  }
  const format = moneyFormats.get(currency);
  return format
    ? format.format(amount)
    : `${amount.toLocaleString('en-US', { maximumFractionDigits: 2 })} ${currency}`;
}

/** Shorter amounts for a chart's axis: €1.2K, €3M. */
export function formatMoneyShort(amount: number, currency: string): string {
  try {
    return new Intl.NumberFormat('en-US', {
      style: 'currency',
      currency,
      notation: 'compact',
      maximumFractionDigits: 1,
    }).format(amount);
  } catch {
    return `${new Intl.NumberFormat('en-US', { notation: 'compact' }).format(amount)} ${currency}`;
  }
}

export function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
}

/** "3 min", "2 h", "4 days": how long ago, roughly. */
export function formatAge(ms: number): string {
  const min = Math.max(0, Math.round(ms / 60_000));
  if (min < 1) return 'less than a minute';
  if (min < 60) return `${min} min`;
  const h = Math.round(min / 60);
  if (h < 48) return `${h} h`;
  return `${Math.round(h / 24)} days`;
}

const dayNames = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', timeZone: 'UTC' });
const longDayNames = new Intl.DateTimeFormat('en-US', {
  weekday: 'short',
  month: 'short',
  day: 'numeric',
  year: 'numeric',
  timeZone: 'UTC',
});

/** A bucket's label as a person reads it: "Dec 3" for a day, "14:00" for an hour. */
export function bucketName(label: string, long = false): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):00)?$/.exec(label);
  if (!m) return label;
  const [, y, mo, d, h] = m;
  // The label already is the viewer's local day: read it as a calendar date, in UTC, so no zone moves it.
  const date = Date.UTC(Number(y), Number(mo) - 1, Number(d));
  const day = (long ? longDayNames : dayNames).format(date);
  if (h === undefined) return day;
  return long ? `${day}, ${h}:00` : `${h}:00`;
}
