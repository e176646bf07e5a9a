import 'server-only';

import {
  REFUSAL_CAUSES,
  type OverviewBasis,
  type OverviewResponse,
  type RefusalCause,
} from '@/lib/validations/overview';
import type { LocalBucket, ResolvedPeriod } from './overview-period';
import { readPlan, utcDays } from './overview-period';
import {
  refusalsByBucket,
  sourcesByBucket,
  topProducts,
  worthByBucket,
  type WorthRow,
} from './overview-read';

// The overview's "what the events are worth" and "website events" sections, per local day.

const TOP_PRODUCTS = 10;
/** The rollup keeps revenue in ten-thousandths of the currency (an integer, so it never drifts). */
const REVENUE_UNIT = 10_000;
const money = (units: number) => units / REVENUE_UNIT;

export function worthSection(
  days: LocalBucket[],
  period: ResolvedPeriod,
  integrationId: number | null,
  basis: OverviewBasis,
): OverviewResponse['worth'] {
  const rows = worthByBucket({ plan: readPlan(days), integrationId }, basis);
  const byCurrency = new Map<string, WorthRow[]>();
  for (const r of rows) byCurrency.set(r.currency, [...(byCurrency.get(r.currency) ?? []), r]);

  // One series per currency, never added together: 100 EUR and 100 PLN are not 200 of anything.
  const currencies = [...byCurrency.entries()]
    .filter(([currency]) => currency !== '')
    .map(([currency, list]) => {
      const orders = list.reduce((n, r) => n + r.orders, 0);
      const revenue = list.reduce((n, r) => n + r.revenue, 0);
      return {
        currency,
        revenue: money(revenue),
        orders,
        averageOrderValue: orders ? money(Math.round(revenue / orders)) : null,
        perDay: days.map((d, i) => {
          const day = list.filter((r) => r.i === i);
          return {
            label: d.label,
            revenue: money(day.reduce((n, r) => n + r.revenue, 0)),
            orders: day.reduce((n, r) => n + r.orders, 0),
          };
        }),
      };
    })
    .filter((c) => c.orders !== 0 || c.revenue !== 0)
    .sort((a, b) => b.orders - a.orders || a.currency.localeCompare(b.currency));

  const cartsPerDay = days.map((d, i) => {
    const day = rows.filter((r) => r.i === i);
    return {
      label: d.label,
      carts: day.reduce((n, r) => n + r.carts, 0),
      purchases: day.reduce((n, r) => n + r.orders, 0),
    };
  });
  const carts = cartsPerDay.reduce((n, d) => n + d.carts, 0);
  const purchases = cartsPerDay.reduce((n, d) => n + d.purchases, 0);
  return {
    currencies,
    ordersWithoutCurrency: (byCurrency.get('') ?? []).reduce((n, r) => n + r.orders, 0),
    cartsPerDay,
    cartToPurchase: carts ? purchases / carts : null,
    topProducts: topProducts(utcDays(period), integrationId, basis, TOP_PRODUCTS),
  };
}

const noRefusals = (): Record<RefusalCause, number> =>
  Object.fromEntries(REFUSAL_CAUSES.map((c) => [c, 0])) as Record<RefusalCause, number>;

/** Events accepted from websites (deliveries of source website, by send date) and requests refused. */
export function websiteSection(
  days: LocalBucket[],
  integrationId: number | null,
): OverviewResponse['website'] {
  const scope = { plan: readPlan(days), integrationId };
  const perDay = days.map((d) => ({ label: d.label, accepted: 0, refused: noRefusals() }));
  for (const r of sourcesByBucket(scope)) if (r.k === 'website' && perDay[r.i]) perDay[r.i]!.accepted += r.n;
  for (const r of refusalsByBucket(scope)) if (perDay[r.i]) perDay[r.i]!.refused[r.k] += r.n;
  const refused = noRefusals();
  for (const d of perDay) for (const c of REFUSAL_CAUSES) refused[c] += d.refused[c];
  return { perDay, accepted: perDay.reduce((n, d) => n + d.accepted, 0), refused };
}
