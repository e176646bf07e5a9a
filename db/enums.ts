/**
 * The fixed value sets of the schema, as plain constants: screens and shared zod schemas import them
 * from here without pulling drizzle into browser bundles.
 */
export const ROLES = ['admin', 'marketer', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

// `cancelled` is final like succeeded and failed: a person stopped the retries, or a resend that
// succeeded replaced the delivery (`replacedBy`).
export const DELIVERY_STATUSES = [
  'queued',
  'sending',
  'succeeded',
  'failed',
  'retrying',
  'cancelled',
] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export const DELIVERY_SOURCES = ['composer', 'website', 'resend', 'api', 'backfill'] as const;
export type DeliverySource = (typeof DELIVERY_SOURCES)[number];

export const JOB_KINDS = ['bulk-retry', 'bulk-cancel', 'backfill', 'retention', 'export'] as const;
export const JOB_STATUSES = ['pending', 'running', 'succeeded', 'failed', 'cancelled'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

/**
 * What an incident is about (issue 16): SALESmanago refusing the credentials or owner, too many failures
 * in a window, a backlog that does not drain, a website that went silent, the monitoring code gone.
 */
export const INCIDENT_CAUSES = [
  'credentials',
  'failure-rate',
  'backlog',
  'website-silent',
  'snippet-gone',
] as const;
export type IncidentCause = (typeof INCIDENT_CAUSES)[number];

export const INCIDENT_STATES = ['open', 'acknowledged', 'resolved'] as const;
export type IncidentState = (typeof INCIDENT_STATES)[number];

/** The date the overview's worth section counts by: when the event happened, or when the console sent it. */
export const OVERVIEW_BASES = ['event', 'sent'] as const;
export type OverviewBasis = (typeof OVERVIEW_BASES)[number];

/** Why the collector refused a website request (counted per hour, never a row per request). */
export const REFUSAL_CAUSES = ['origin', 'type', 'rate-limited', 'invalid'] as const;
export type RefusalCause = (typeof REFUSAL_CAUSES)[number];

/**
 * SALESmanago's 25 event types, as the overview's rollup counts them: a column each in rollup_sent
 * (db/schema.ts), so a bar of the timeline is one row, not one per type. The same list as EVENT_TYPES in
 * lib/salesmanago/event-types.ts, which may import nothing of ours; lib/data/overview-rollups.test.ts
 * holds the two equal. A type outside the list (none passes validation today) is counted in `sent` only.
 */
export const ROLLUP_EVENT_TYPES = [
  'PURCHASE', 'CART', 'VISIT', 'PHONE_CALL', 'OTHER', 'RESERVATION', 'CANCELLED', 'ACTIVATION', 'MEETING',
  'OFFER', 'DOWNLOAD', 'LOGIN', 'TRANSACTION', 'CANCELLATION', 'RETURN', 'SURVEY', 'APP_STATUS',
  'APP_TYPE_WEB', 'APP_TYPE_MANUAL', 'APP_TYPE_RETENTION', 'APP_TYPE_UPSALE', 'LOAN_STATUS', 'LOAN_ORDER',
  'FIRST_LOAN', 'REPEATED_LOAN',
] as const; // prettier-ignore
