import Link from 'next/link';
import type { ReactNode } from 'react';

import type { OverviewResponse } from '@/lib/validations/overview';
import { formatAge, formatCount, formatMs, formatPercent } from '../format';

/** How the period before is named in "12% more than …". */
export function previousName(period: OverviewResponse['period']): string {
  if (period.period === 'today') return 'the same hours yesterday';
  const days = Math.round((period.to - period.from) / 86_400_000);
  return `the ${days} day${days === 1 ? '' : 's'} before`;
}

/** "12% more than the 7 days before", "3 fewer than …", "the same as …"; null with nothing to compare. */
function countChange(value: number, previous: number | null, before: string, unit = ''): string | null {
  if (previous === null) return null;
  if (value === previous) return `The same as ${before}.`;
  if (previous === 0) return `None in ${before}.`;
  const diff = value - previous;
  const more = diff > 0 ? 'more' : 'fewer';
  // A share reads well for larger numbers; for a handful, the difference itself is clearer.
  return previous >= 20
    ? `${formatPercent(Math.abs(diff) / previous)} ${more} than ${before}.`
    : `${formatCount(Math.abs(diff))}${unit} ${more} than ${before}.`;
}

function Card({
  title,
  value,
  detail,
  change,
  action,
}: {
  title: string;
  value: ReactNode;
  detail?: ReactNode;
  change?: string | null;
  action?: ReactNode;
}) {
  return (
    <div className="flex min-w-0 flex-col gap-1 rounded-lg border border-slate-200 bg-white p-4 shadow-xs">
      <dt className="text-sm font-medium text-slate-700">{title}</dt>
      <dd className="text-2xl font-semibold tracking-tight text-slate-900 tabular-nums">{value}</dd>
      {detail ? <dd className="text-sm text-slate-700">{detail}</dd> : null}
      {change ? <dd className="text-sm text-slate-600">{change}</dd> : null}
      {action ? <dd className="mt-auto pt-1 text-sm">{action}</dd> : null}
    </div>
  );
}

/**
 * The five numbers that say whether events arrive: each compared with the period of the same length
 * before. `updatedAt` is when these numbers were read (the age of the oldest waiting event counts from it,
 * so the server's HTML and the browser's first render agree).
 */
export function HealthCards({ data, updatedAt }: { data: OverviewResponse; updatedAt: number }) {
  const { health } = data;
  const before = previousName(data.period);
  const { delivered, answerTime, waiting } = health;
  const rateChange =
    delivered.rate === null || delivered.previousRate === null
      ? null
      : Math.abs(delivered.rate - delivered.previousRate) < 0.0005
        ? `The same as ${before}.`
        : `${(Math.abs(delivered.rate - delivered.previousRate) * 100).toFixed(1)} points ${delivered.rate > delivered.previousRate ? 'higher' : 'lower'} than ${before}.`;
  const timeChange =
    answerTime.medianMs === null || answerTime.previousMedianMs === null
      ? null
      : answerTime.medianMs === answerTime.previousMedianMs
        ? `The same as ${before}.`
        : `${formatMs(Math.abs(answerTime.medianMs - answerTime.previousMedianMs))} ${answerTime.medianMs < answerTime.previousMedianMs ? 'faster' : 'slower'} than ${before}.`;

  return (
    <section aria-labelledby="health-title" className="flex flex-col gap-3">
      <h2 id="health-title" className="text-lg font-semibold text-slate-900">
        Delivery health
      </h2>
      <dl className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-3 xl:grid-cols-5">
        <Card
          title="Events sent"
          value={formatCount(health.sent.value)}
          change={countChange(health.sent.value, health.sent.previous, before)}
        />
        <Card
          title="Delivered"
          value={delivered.rate === null ? '—' : formatPercent(delivered.rate)}
          detail={
            delivered.settled === 0
              ? 'Nothing has had an answer yet.'
              : `${formatCount(delivered.count)} of ${formatCount(delivered.settled)} with an answer.`
          }
          change={rateChange}
        />
        <Card
          title="Failed, not resolved"
          value={formatCount(health.unresolvedFailed.value)}
          change={countChange(health.unresolvedFailed.value, health.unresolvedFailed.previous, before)}
          action={
            // Now, not in the period: the same count as the sidebar's badge (one source, lib/data/attention).
            health.needsAttention.total > 0 ? (
              <Link href="/attention" className="text-brand-700 font-medium hover:underline">
                {formatCount(health.needsAttention.total)}{' '}
                {health.needsAttention.total === 1 ? 'needs' : 'need'} attention now
              </Link>
            ) : (
              'Nothing needs attention now.'
            )
          }
        />
        <Card
          title="Waiting now"
          value={formatCount(waiting.count)}
          detail={
            waiting.oldestAt === null
              ? 'Nothing is waiting to be sent.'
              : `The oldest has waited ${formatAge(updatedAt - waiting.oldestAt)}.`
          }
        />
        <Card
          title="Answer time"
          value={answerTime.medianMs === null ? '—' : formatMs(answerTime.medianMs)}
          detail={
            answerTime.p95Ms === null
              ? 'No answers from SALESmanago in this period.'
              : `SALESmanago's typical answer; 95% came within ${formatMs(answerTime.p95Ms)}.`
          }
          change={timeChange}
        />
      </dl>
    </section>
  );
}
