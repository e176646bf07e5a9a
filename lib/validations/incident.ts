import { z } from 'zod';

import { numberFromDecimal } from '@/lib/ids';

/**
 * When an integration's incidents open (issue 16). Every value is a whole number above 0: a threshold
 * of 0 would open an incident for everything, and the failure rate's window is at most a day (the
 * console keeps a day of answers per minute for it).
 */
export const INCIDENT_THRESHOLD_DEFAULTS = {
  failureRatePercent: 20,
  failureRateMinDeliveries: 20,
  failureRateWindowMinutes: 15,
  backlogMinutes: 15,
  websiteSilentHours: 6,
  snippetGoneHours: 24,
} as const;

export const FAILURE_RATE_MAX_WINDOW_MINUTES = 24 * 60;

const whole = (label: string, unit: string, max: number, maxSentence: string) =>
  z
    .number({ error: `${label} must be a number.` })
    .int({ error: `${label} must be a whole number${unit}.` })
    .min(1, { error: `${label} must be at least 1${unit}.` })
    .max(max, { error: `${label} can be at most ${maxSentence}.` });

export const incidentThresholdsSchema = z.strictObject({
  failureRatePercent: whole('The failure rate', ' %', 100, '100 %'),
  failureRateMinDeliveries: whole('The number of deliveries', '', 100_000, '100000'),
  failureRateWindowMinutes: whole(
    'The window',
    ' minute',
    FAILURE_RATE_MAX_WINDOW_MINUTES,
    '1440 minutes (24 hours)',
  ),
  backlogMinutes: whole('The waiting time', ' minute', 1440, '1440 minutes (24 hours)'),
  websiteSilentHours: whole('The silence', ' hour', 168, '168 hours (a week)'),
  snippetGoneHours: whole('The time without the code', ' hour', 720, '720 hours (30 days)'),
});
export type IncidentThresholds = z.infer<typeof incidentThresholdsSchema>;

/** Stored thresholds over the defaults (a value stored before a new one existed keeps its default). */
export function thresholdsOf(stored: unknown): IncidentThresholds {
  const parsed = incidentThresholdsSchema.partial().safeParse(stored ?? {});
  return { ...INCIDENT_THRESHOLD_DEFAULTS, ...(parsed.success ? parsed.data : {}) };
}

const positiveId = z.preprocess(
  (v) => (v === undefined || v === '' ? undefined : typeof v === 'string' ? numberFromDecimal(v) : v),
  z.number({ error: 'Must be a number.' }).int().positive().optional(),
);

/** The incidents list: open ones (open or acknowledged) or past ones (resolved), newest first. */
export const incidentFiltersSchema = z.object({
  state: z.enum(['open', 'past'], { error: 'state must be "open" or "past".' }).default('open'),
  integrationId: positiveId,
  cursor: positiveId,
  limit: z.preprocess(
    (v) => (v === undefined || v === '' ? undefined : Number(v)),
    z.number().int().min(1).max(100).default(50),
  ),
});
export type IncidentFilters = z.infer<typeof incidentFiltersSchema>;

/** PATCH /api/incidents/:id: acknowledge, or resolve with an optional note. */
export const incidentChangeSchema = z.discriminatedUnion(
  'state',
  [
    z.strictObject({ state: z.literal('acknowledged') }),
    z.strictObject({
      state: z.literal('resolved'),
      reason: z
        .string({ error: 'The reason must be text.' })
        .trim()
        .max(500, { error: 'Keep the reason under 500 characters.' })
        .optional(),
    }),
  ],
  { error: 'Say what the incident becomes: "acknowledged" or "resolved".' },
);
