import { z } from 'zod';

import {
  OVERVIEW_BASES as BASES,
  REFUSAL_CAUSES as CAUSES,
  type DeliverySource,
  type OverviewBasis,
  type RefusalCause,
} from '@/db/enums';
import { numberFromDecimal } from '@/lib/ids';

/**
 * The overview's parameters, for `GET /api/overview` and the `/` screen alike (the screen keeps them in
 * its URL). Periods end now ("today" starts at the viewer's midnight); a custom period is whole local
 * days from `from` to `to`, both included.
 */
export const OVERVIEW_PERIODS = ['today', '7d', '30d', '90d', 'custom'] as const;
export type OverviewPeriod = (typeof OVERVIEW_PERIODS)[number];

// The date the worth section counts by, and the causes of refused website requests: the rollup tables
// (db/schema.ts) hold them too, so their lists live with the schema's value sets.
export type { OverviewBasis, RefusalCause } from '@/db/enums';
export const OVERVIEW_BASES = BASES;
export const REFUSAL_CAUSES = CAUSES;

/** A custom period longer than this is refused (the rollups keep hours; a year and a bit is plenty). */
export const OVERVIEW_MAX_DAYS = 400;

const DAY = /^\d{4}-\d{2}-\d{2}$/;

// Zones already accepted: building a formatter to check one cost 0.2 ms of every overview request. Capped,
// since Intl also accepts any mix of upper and lower case of a name.
const knownZones = new Set<string>();
const isTimeZone = (tz: string) => {
  if (knownZones.has(tz)) return true;
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
  } catch {
    return false;
  }
  if (knownZones.size < 1_000) knownZones.add(tz);
  return true;
};

const day = (label: string) =>
  z
    .string({ error: `${label} must be a date like 2026-03-31.` })
    .regex(DAY, { error: `${label} must be a date like 2026-03-31.` })
    .refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)), { error: `${label} is not a real date.` })
    .optional();

export const overviewQuerySchema = z
  .object({
    period: z
      .enum(OVERVIEW_PERIODS, {
        error: 'Period must be one of today, 7d, 30d, 90d or custom.',
      })
      .default('7d'),
    /** Local days (YYYY-MM-DD) in `tz`, for period=custom. */
    from: day('From'),
    to: day('To'),
    integrationId: z.preprocess(
      (v) => (v === undefined || v === '' ? undefined : typeof v === 'string' ? numberFromDecimal(v) : v),
      z.number({ error: 'Integration must be a number.' }).int().positive().optional(),
    ),
    basis: z.enum(OVERVIEW_BASES, { error: 'Basis must be event or sent.' }).default('event'),
    tz: z
      .string()
      .max(64)
      .default('UTC')
      .refine(isTimeZone, { error: 'Unknown time zone: use a name like Europe/Warsaw.' }),
  })
  .superRefine((q, ctx) => {
    if (q.period !== 'custom') return;
    if (!q.from || !q.to) {
      ctx.addIssue({
        code: 'custom',
        path: [q.from ? 'to' : 'from'],
        message: 'A custom period needs a start and an end date.',
      });
      return;
    }
    if (q.from > q.to) {
      ctx.addIssue({ code: 'custom', path: ['from'], message: 'The start of the period is after its end.' });
      return;
    }
    const days = (Date.parse(`${q.to}T00:00:00Z`) - Date.parse(`${q.from}T00:00:00Z`)) / 86_400_000 + 1;
    if (days > OVERVIEW_MAX_DAYS) {
      ctx.addIssue({
        code: 'custom',
        path: ['to'],
        message: `A period can be at most ${OVERVIEW_MAX_DAYS} days: pick a shorter one.`,
      });
    }
  });

export type OverviewQuery = z.output<typeof overviewQuerySchema>;

/** Outcomes as the overview counts them (a delivery sits in exactly one at any time). */
export const OVERVIEW_OUTCOMES = ['delivered', 'failed', 'waiting', 'cancelled'] as const;
export type OverviewOutcome = (typeof OVERVIEW_OUTCOMES)[number];

/** A number with the same number for the previous period of the same length (null: nothing to compare). */
export interface Compared {
  value: number;
  previous: number | null;
}

/**
 * One bar of "Events over time". `start`/`end` are epoch ms of the bucket's local boundaries; `label` is
 * the local day (YYYY-MM-DD) or, for periods of two days or less, the local hour (YYYY-MM-DDTHH:00).
 */
export interface TimelineBucket {
  start: number;
  end: number;
  label: string;
  byOutcome: Record<OverviewOutcome, number>;
  byType: Record<string, number>;
  bySource: Partial<Record<DeliverySource, number>>;
}

export interface OverviewResponse {
  period: {
    period: OverviewPeriod;
    /** Epoch ms, [from, to). */
    from: number;
    to: number;
    previousFrom: number;
    previousTo: number;
    bucket: 'hour' | 'day';
    timeZone: string;
  };
  integrationId: number | null;
  basis: OverviewBasis;
  /** False on a console that has never sent anything: the screen shows its first-steps state. */
  hasAnyDeliveries: boolean;
  health: {
    /** Deliveries created in the period (every source). */
    sent: Compared;
    /** Delivered of settled (delivered + failed), as a share 0..1; null when nothing settled. */
    delivered: { count: number; settled: number; rate: number | null; previousRate: number | null };
    /** Failed and not resolved since: the same source as Needs attention's failed part. */
    unresolvedFailed: Compared;
    /** Now, not in the period: queued + sending + retrying, and when the oldest of them was created. */
    waiting: { count: number; oldestAt: number | null };
    /** SALESmanago's answer time over the period's attempts (null: no attempts). */
    answerTime: { medianMs: number | null; p95Ms: number | null; previousMedianMs: number | null };
    /**
     * Needs attention now (not in the period), from the same rollup as the sidebar's badge, whose number
     * is `total`: failed and not resent successfully, plus retrying that will not clear by waiting.
     */
    needsAttention: { failed: number; retrying: number; total: number };
  };
  timeline: TimelineBucket[];
  failures: Array<{ reason: string; title: string; fix: string; count: number }>;
  worth: {
    /** One entry per currency, never summed across currencies; `perDay` has every day of the period. */
    currencies: Array<{
      currency: string;
      revenue: number;
      orders: number;
      averageOrderValue: number | null;
      perDay: Array<{ label: string; revenue: number; orders: number }>;
    }>;
    /** PURCHASE events with no currency detail: counted, never added to a currency's revenue. */
    ordersWithoutCurrency: number;
    cartsPerDay: Array<{ label: string; carts: number; purchases: number }>;
    /** Purchases ÷ carts over the period (null with no carts). */
    cartToPurchase: number | null;
    topProducts: Array<{ product: string; count: number }>;
  };
  website: {
    perDay: Array<{ label: string; accepted: number; refused: Record<RefusalCause, number> }>;
    accepted: number;
    refused: Record<RefusalCause, number>;
  };
}
