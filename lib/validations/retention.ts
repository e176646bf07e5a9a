import { z } from 'zod';

export const RETENTION_MIN_DAYS = 1;
export const RETENTION_MAX_DAYS = 3650;
export const RETENTION_DEFAULTS = { bodiesDays: 90, deliveriesDays: 365 } as const;

const days = (label: string) =>
  z
    .number({ error: `${label} must be a number of days.` })
    .int({ error: `${label} must be a whole number of days.` })
    .min(RETENTION_MIN_DAYS, { error: `${label} must be at least 1 day.` })
    .max(RETENTION_MAX_DAYS, { error: `${label} can be at most 3650 days (ten years).` });

const BODIES = 'Keep request and response bodies';
const DELIVERIES = 'Keep deliveries';

// Bodies belong to a delivery: keeping them longer than the delivery itself would keep nothing.
const bodiesWithinDeliveries = (v: { bodiesDays: number | null; deliveriesDays: number | null }) =>
  v.bodiesDays === null || v.deliveriesDays === null || v.bodiesDays <= v.deliveriesDays;
const bodiesWithinMessage = {
  error: 'Bodies cannot be kept longer than the deliveries they belong to.',
  path: ['bodiesDays'],
};

/** The console-wide retention (admin only). */
export const retentionSettingsSchema = z
  .strictObject({ bodiesDays: days(BODIES), deliveriesDays: days(DELIVERIES) })
  .refine(bodiesWithinDeliveries, bodiesWithinMessage);
export type RetentionSettings = z.infer<typeof retentionSettingsSchema>;

/** One integration's override: null for either value means "as the console-wide setting". */
export const integrationRetentionSchema = z
  .strictObject({ bodiesDays: days(BODIES).nullable(), deliveriesDays: days(DELIVERIES).nullable() })
  .refine(bodiesWithinDeliveries, bodiesWithinMessage);
export type IntegrationRetention = z.infer<typeof integrationRetentionSchema>;
