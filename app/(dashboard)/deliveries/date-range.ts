// The history's date filter: rolling presets ("last 24 hours") and a custom range typed in the viewer's own
// time zone. Pure functions, shared by the server page (resolving a preset) and the filter bar.

export const RANGE_PRESETS = {
  '1h': { label: 'Last hour', ms: 60 * 60 * 1000 },
  '24h': { label: 'Last 24 hours', ms: 24 * 60 * 60 * 1000 },
  '7d': { label: 'Last 7 days', ms: 7 * 24 * 60 * 60 * 1000 },
  '30d': { label: 'Last 30 days', ms: 30 * 24 * 60 * 60 * 1000 },
} as const;

export type RangePreset = keyof typeof RANGE_PRESETS;

export function isRangePreset(value: unknown): value is RangePreset {
  return typeof value === 'string' && Object.hasOwn(RANGE_PRESETS, value);
}

/**
 * A preset as the filters' `from`/`to`. The URL keeps the preset's name, not the times, so a bookmark of
 * "last hour" still means the last hour when opened tomorrow; `to` stays open so new deliveries show up.
 */
export function presetRange(preset: RangePreset, now: number): { from: number; to: undefined } {
  return { from: now - RANGE_PRESETS[preset].ms, to: undefined };
}

const pad = (n: number) => String(n).padStart(2, '0');

/** Epoch ms as the value of an `<input type="datetime-local">`, in this runtime's time zone. */
export function toLocalInputValue(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/**
 * A `datetime-local` value read in this runtime's time zone; undefined when empty or not a date. A custom
 * range's end is the whole minute the person typed, so "to 14:05" includes 14:05:30.
 */
export function fromLocalInputValue(value: string, edge: 'start' | 'end' = 'start'): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value.trim());
  if (!m) return undefined;
  const [, y, mo, d, h, mi] = m.map(Number) as [number, number, number, number, number, number];
  const date = new Date(y, mo - 1, d, h, mi, edge === 'end' ? 59 : 0, edge === 'end' ? 999 : 0);
  // new Date() rolls 2025-02-31 over to March; a date that does not exist is refused instead.
  if (date.getFullYear() !== y || date.getMonth() !== mo - 1 || date.getDate() !== d) return undefined;
  return date.getTime();
}
