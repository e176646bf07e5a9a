import 'server-only';

import { OVERVIEW_OUTCOMES, type OverviewQuery, type OverviewResponse } from '@/lib/validations/overview';
import { attentionTotals } from './attention';
import { reasonView } from './deliveries';
import { requireIntegration } from './integrations';
import {
  HOUR_MS,
  dayBuckets,
  hourBuckets,
  previousPeriod,
  readPlan,
  resolvePeriod,
  wholeBucket,
  type LocalBucket,
} from './overview-period';
import {
  answerTimesByBucket,
  firstDeliveryAt,
  outcomeTotals,
  reasonsByBucket,
  sentByBucket,
  waitingNow,
  type SentCounts,
} from './overview-read';
import { websiteSection, worthSection } from './overview-worth';

/**
 * The overview's numbers (GET /api/overview and the `/` screen), read from the rollups only: its cost
 * follows the number of buckets, not the size of the history.
 */
export async function getOverview(query: OverviewQuery, now = Date.now()): Promise<OverviewResponse> {
  const integrationId = query.integrationId ?? null;
  if (integrationId !== null) await requireIntegration(integrationId); // an unknown one is a 404
  const period = resolvePeriod(query, now);
  const previous = previousPeriod(period);
  const days = dayBuckets(period);
  const bars = period.bucket === 'hour' ? hourBuckets(period) : days;
  const scope = (buckets: LocalBucket[]) => ({ plan: readPlan(buckets), integrationId });
  const barScope = scope(bars);
  const dayScope = period.bucket === 'day' ? barScope : scope(days);

  // Independent reads, together: on PostgreSQL each runs on its own pooled connection; on SQLite they
  // run one after another on the one connection anyway.
  const [sent, before, first, answers, attention, failures, worth, waiting, daySent] = await Promise.all([
    sentByBucket(barScope),
    outcomeTotals(scope([wholeBucket(previous)])),
    firstDeliveryAt(),
    answerTimesByBucket(scope([wholeBucket(period), wholeBucket(previous)])),
    attentionTotals(integrationId ?? undefined),
    reasonsByBucket(scope([wholeBucket(period)])),
    worthSection(days, dayScope, period, query.basis),
    waitingNow(integrationId),
    // The website section counts by day: the bars' own counts when the bars are days.
    period.bucket === 'day' ? undefined : sentByBucket(dayScope),
  ]);
  const total = sumCounts(bars.map((_, i) => sent.get(i)));
  // Nothing to compare with when the console had not written anything yet by the previous period's end.
  const comparable = first !== null && first < previous.toHour * HOUR_MS;
  const prev = (value: number) => (comparable ? value : null);
  const settled = total.delivered + total.failed;
  const settledBefore = before.delivered + before.failed;

  return {
    period: {
      period: query.period,
      from: period.fromHour * HOUR_MS,
      to: period.toHour * HOUR_MS,
      previousFrom: previous.fromHour * HOUR_MS,
      previousTo: previous.toHour * HOUR_MS,
      bucket: period.bucket,
      timeZone: period.timeZone,
    },
    integrationId,
    basis: query.basis,
    hasAnyDeliveries: first !== null,
    health: {
      sent: { value: total.sent, previous: prev(before.sent) },
      delivered: {
        count: total.delivered,
        settled,
        rate: settled ? total.delivered / settled : null,
        previousRate: comparable && settledBefore ? before.delivered / settledBefore : null,
      },
      unresolvedFailed: { value: total.unresolved, previous: prev(before.unresolved) },
      waiting,
      answerTime: {
        medianMs: percentile(answers, 0, 0.5),
        p95Ms: percentile(answers, 0, 0.95),
        previousMedianMs: percentile(answers, 1, 0.5),
      },
      needsAttention: { ...attention, total: attention.failed + attention.retrying },
    },
    timeline: bars.map((b, i) => {
      const c = sent.get(i);
      return {
        start: b.start,
        end: b.end,
        label: b.label,
        byOutcome: {
          delivered: c?.delivered ?? 0,
          failed: c?.failed ?? 0,
          waiting: c?.waiting ?? 0,
          cancelled: c?.cancelled ?? 0,
        } satisfies Record<(typeof OVERVIEW_OUTCOMES)[number], number>,
        byType: c?.byType ?? {},
        bySource: c?.bySource ?? {},
      };
    }),
    failures: failures
      .map((r) => {
        const reason = reasonView(r.k || 'rejected-other')!;
        return { reason: reason.code, title: reason.title, fix: reason.fix, count: r.n };
      })
      .sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason)),
    worth,
    website: await websiteSection(days, daySent ?? sent, dayScope),
  };
}

type Totals = Omit<SentCounts, 'byType' | 'bySource'>;

function sumCounts(list: Array<SentCounts | undefined>): Totals {
  const t: Totals = { sent: 0, delivered: 0, failed: 0, unresolved: 0, waiting: 0, cancelled: 0 };
  for (const c of list) {
    if (!c) continue;
    for (const k of Object.keys(t) as Array<keyof Totals>) t[k] += c[k];
  }
  return t;
}

/**
 * A percentile of the attempts' durations from their quarter-octave histogram (db/schema.ts,
 * rollup_answer_times): the bucket holding the attempt of that rank, read at its middle, 2^(b/4) ms.
 * The rank is exact; the value is within 9 % of the true duration (half a bucket is 2^(1/8) ≈ 1.09).
 */
function percentile(
  rows: Array<{ i: number; k: number; n: number }>,
  index: number,
  p: number,
): number | null {
  const hist = rows.filter((r) => r.i === index && r.n > 0).sort((a, b) => a.k - b.k);
  const total = hist.reduce((n, r) => n + r.n, 0);
  if (!total) return null;
  let seen = 0;
  for (const r of hist) {
    seen += r.n;
    if (seen >= p * total) return Math.round(2 ** (r.k / 4));
  }
  return Math.round(2 ** (hist[hist.length - 1]!.k / 4));
}
