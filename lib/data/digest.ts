import 'server-only';
import { and, count, desc, eq, gte, isNull, lt, sql, type SQL } from 'drizzle-orm';

import { schema } from '@/db';
import type { IncidentCause } from '@/db/enums';
import { currencySlots } from '@/lib/salesmanago/currency';
import { reasonView } from './deliveries';
import { db, jsonField } from './engine';

/** The weekly digest's numbers for [from, to): what a marketer reads in a minute. */
export interface DigestFigures {
  integrations: Array<{
    id: number | null;
    name: string;
    sent: number;
    delivered: number;
    failed: number;
    /** Delivered purchases per currency: never added up across currencies. */
    revenue: Array<{ currency: string; amount: number; orders: number }>;
    /** Delivered purchases that name no currency: counted, never added to a currency. */
    ordersWithoutCurrency: number;
  }>;
  failures: Array<{ reason: string; title: string; fix: string; count: number }>;
  incidents: {
    opened: number;
    resolved: number;
    list: Array<{
      integrationName: string;
      cause: IncidentCause;
      reason: string | null;
      firstSeenAt: number;
      resolvedAt: number | null;
    }>;
  };
}

const DETAIL_SLOT = /^detail\d{1,2}$/;

/** How many rows of the group meet `condition` (PostgreSQL has no sum over a comparison, SQLite no boolean). */
const countWhere = (condition: SQL) =>
  sql<number>`coalesce(sum(case when ${condition} then 1 else 0 end), 0)`;

/**
 * The currency of a delivered purchase, in SQL: the first of the integration's currency slots that holds
 * a value (the same rule as currencyOf, lib/salesmanago/currency.ts). Slot names come from a fixed set
 * and are checked before they become part of the statement.
 */
function currencyExpression(labels: Partial<Record<string, string>>): SQL {
  const slots = currencySlots('PURCHASE', labels).filter((s) => DETAIL_SLOT.test(s));
  if (!slots.length) return sql`''`;
  const values = slots.map((s) => sql`nullif(trim(${jsonField(schema.deliveries.event, s)}), '')`);
  return sql`coalesce(${sql.join(values, sql`, `)}, '')`;
}

/**
 * ONE function for the digest's numbers. It reads the deliveries and incidents tables directly; once the
 * hourly rollup tables of the overview (issue 15) land, it should read those instead of the history.
 */
export async function digestFigures(from: number, to: number): Promise<DigestFigures> {
  const d = schema.deliveries;
  const inPeriod = and(gte(d.createdAt, from), lt(d.createdAt, to));
  const perIntegration = await db()
    .select({
      id: d.integrationId,
      name: d.integrationName,
      sent: count(),
      delivered: countWhere(sql`${d.status} = 'succeeded'`),
      failed: countWhere(sql`${d.status} = 'failed'`),
    })
    .from(d)
    .where(inPeriod)
    .groupBy(d.integrationId, d.integrationName)
    .orderBy(desc(count()));
  const labels = await db()
    .select({ id: schema.integrations.id, labels: schema.integrations.detailLabels })
    .from(schema.integrations);
  const labelsOf = new Map(
    labels.map((i) => [i.id, (i.labels as Partial<Record<string, string>> | null) ?? {}]),
  );

  const integrations = [];
  for (const row of perIntegration) {
    const currency = currencyExpression((row.id !== null && labelsOf.get(row.id)) || {});
    const purchases = await db()
      .select({
        currency: sql<string>`${currency}`,
        amount: sql<number>`coalesce(sum(${d.value}), 0)`,
        orders: count(),
      })
      .from(d)
      .where(
        and(
          inPeriod,
          row.id === null ? isNull(d.integrationId) : eq(d.integrationId, row.id),
          eq(d.integrationName, row.name),
          sql`${d.type} = 'PURCHASE'`,
          sql`${d.status} = 'succeeded'`,
        ),
      )
      // By position: PostgreSQL would not match a repeated expression whose parameters are numbered
      // apart, and refuses the constant '' (an integration without currency slots) in GROUP BY.
      .groupBy(sql`1`);
    integrations.push({
      ...row,
      revenue: purchases
        .filter((p) => p.currency !== '')
        .map((p) => ({ currency: p.currency, amount: Math.round(p.amount * 100) / 100, orders: p.orders }))
        .sort((a, b) => b.amount - a.amount),
      ordersWithoutCurrency: purchases.find((p) => p.currency === '')?.orders ?? 0,
    });
  }

  const failed = await db()
    .select({ reason: d.reason, count: count() })
    .from(d)
    .where(and(inPeriod, sql`${d.status} = 'failed'`))
    .groupBy(d.reason)
    .orderBy(desc(count()));
  const failures = failed.map((f) => {
    const info = reasonView(f.reason);
    return {
      reason: f.reason ?? 'unknown',
      title: info?.title ?? 'Unknown reason',
      fix: info?.fix ?? '',
      count: f.count,
    };
  });

  const i = schema.incidents;
  const touched = await db()
    .select({
      integrationName: i.integrationName,
      cause: i.cause,
      reason: i.reason,
      firstSeenAt: i.firstSeenAt,
      resolvedAt: i.resolvedAt,
    })
    .from(i)
    .where(
      sql`(${i.firstSeenAt} >= ${from} and ${i.firstSeenAt} < ${to}) or (${i.resolvedAt} >= ${from} and ${i.resolvedAt} < ${to})`,
    )
    .orderBy(i.firstSeenAt);
  return {
    integrations,
    failures,
    incidents: {
      opened: touched.filter((t) => t.firstSeenAt >= from && t.firstSeenAt < to).length,
      resolved: touched.filter((t) => t.resolvedAt !== null && t.resolvedAt >= from && t.resolvedAt < to)
        .length,
      list: touched,
    },
  };
}
