import 'server-only';

import {
  REFUSAL_CAUSES,
  type OverviewBasis,
  type OverviewResponse,
  type RefusalCause,
} from '@/lib/validations/overview';
import type { LocalBucket, ResolvedPeriod } from './overview-period';
import { utcDays } from './overview-period';
import { refusalsByBucket, topProducts, worthByBucket, type Scope, type SentCounts } from './overview-read';

// The overview's "what the events are worth" and "website events" sections, per local day.

const TOP_PRODUCTS = 10;
/** The rollup keeps revenue in ten-thousandths of the currency (an integer, so it never drifts). */
const REVENUE_UNIT = 10_000;
const money = (units: number) => units / REVENUE_UNIT;

export async function worthSection(
  days: LocalBucket[],
  scope: Scope,
  period: ResolvedPeriod,
  basis: OverviewBasis,
): Promise<OverviewResponse['worth']> {
  const [rows, products] = await Promise.all([
    worthByBucket(scope, basis),
    topProducts(utcDays(period), scope.integrationId, basis, TOP_PRODUCTS),
  ]);
  const zeros = () => days.map(() => ({ orders: 0, revenue: 0 }));
  const perCurrency = new Map<string, Array<{ orders: number; revenue: number }>>();
  const cartsPerDay = days.map((d) => ({ label: d.label, carts: 0, purchases: 0 }));
  for (const r of rows) {
    const day = cartsPerDay[r.i];
    if (!day) continue;
    day.carts += r.carts;
    day.purchases += r.orders;
    const series = perCurrency.get(r.currency) ?? zeros();
    series[r.i]!.orders += r.orders;
    series[r.i]!.revenue += r.revenue;
    perCurrency.set(r.currency, series);
  }
  // One series per currency, never added together: 100 EUR and 100 PLN are not 200 of anything.
  const currencies = [...perCurrency.entries()]
    .filter(([currency]) => currency !== '')
    .map(([currency, series]) => {
      const orders = series.reduce((n, d) => n + d.orders, 0);
      const revenue = series.reduce((n, d) => n + d.revenue, 0);
      return {
        currency,
        revenue: money(revenue),
        orders,
        averageOrderValue: orders ? money(Math.round(revenue / orders)) : null,
        perDay: series.map((d, i) => ({
          label: days[i]!.label,
          revenue: money(d.revenue),
          orders: d.orders,
        })),
      };
    })
    .filter((c) => c.orders !== 0 || c.revenue !== 0)
    .sort((a, b) => b.orders - a.orders || a.currency.localeCompare(b.currency));
  const carts = cartsPerDay.reduce((n, d) => n + d.carts, 0);
  const purchases = cartsPerDay.reduce((n, d) => n + d.purchases, 0);
  return {
    currencies,
    ordersWithoutCurrency: (perCurrency.get('') ?? []).reduce((n, d) => n + d.orders, 0),
    cartsPerDay,
    cartToPurchase: carts ? purchases / carts : null,
    topProducts: products,
  };
}

const NO_REFUSALS = Object.freeze(
  Object.fromEntries(REFUSAL_CAUSES.map((c) => [c, 0])) as Record<RefusalCause, number>,
);
/** A fresh count of nothing per cause (a copy: a day's counts are added to it). */
const noRefusals = (): Record<RefusalCause, number> => ({ ...NO_REFUSALS });

/**
 * Events accepted from websites (deliveries of source website, by send date; `sent` holds the days' counts)
 * and requests refused.
 */
export async function websiteSection(
  days: LocalBucket[],
  sent: Map<number, SentCounts>,
  scope: Scope,
): Promise<OverviewResponse['website']> {
  const perDay = days.map((d, i) => ({
    label: d.label,
    accepted: sent.get(i)?.bySource.website ?? 0,
    refused: noRefusals(),
  }));
  for (const r of await refusalsByBucket(scope)) if (perDay[r.i]) perDay[r.i]!.refused[r.k] += r.n;
  const refused = noRefusals();
  for (const d of perDay) for (const c of REFUSAL_CAUSES) refused[c] += d.refused[c];
  return { perDay, accepted: perDay.reduce((n, d) => n + d.accepted, 0), refused };
}
