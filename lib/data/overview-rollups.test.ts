// The rollups' property test (issue 15): random sequences of the console's real writes, and after each one
// every rollup table must equal its raw GROUP BY over deliveries and attempts (the `<table>_raw` views of
// migration 0014), and Needs attention's rollup must equal attention.ts's own definitions. A seeded
// generator makes a failure reproduce: the message names the seed and the step.
import { and, count, eq, inArray, sql } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';

import { ROLLUP_EVENT_TYPES } from '@/db/enums';
import { EVENT_TYPES } from '@/lib/salesmanago/event-types';
import type { BackfillPlan } from '@/lib/validations/backfill';
import type { EventData } from '@/lib/validations/event';

process.env.APP_SECRET_KEY ??= 'rollups-test-key-that-is-long-enough-001';

const { openDb, setDbForTests, schema } = await import('@/db');
const { insertDelivery } = await import('./deliveries');
const state = await import('./delivery-state');
const chain = await import('./delivery-chain');
const { retryNow, failedNeedingAttention, retryingNeedingAttention } = await import('./attention');
const { insertCollectedDelivery } = await import('./collector');
const { writeBackfillChunk } = await import('./backfill-rows');
const { createJob } = await import('./jobs');
const { deleteDeliveriesBatch, removeBodiesBatch } = await import('./retention-sweep');
const { eraseContact } = await import('./contacts');
const { deleteIntegration } = await import('./integrations');
const { insertTestIntegration } = await import('./test-helpers');

const d = schema.deliveries;
const HOUR = 3_600_000;
let db: ReturnType<typeof openDb>;

/** mulberry32: a small seeded generator, so a failing sequence runs again the same way. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TABLES = [
  'rollup_sent',
  'rollup_reasons',
  'rollup_worth',
  'rollup_products',
  'rollup_answer_times',
  'rollup_attention',
];

/** A table's rows that hold anything (the triggers leave rows at zero; a GROUP BY has none), sorted. */
function rowsOf(name: string, from = name): string[] {
  const client = db.$client;
  const columns = client.pragma(`table_info(${name})`) as Array<{ name: string; pk: number }>;
  const values = columns.filter((c) => c.pk === 0).map((c) => c.name);
  return (client.prepare(`select * from ${from}`).all() as Array<Record<string, unknown>>)
    .filter((r) => values.some((v) => r[v] !== 0))
    .map((r) => JSON.stringify(columns.map((c) => r[c.name])))
    .sort();
}

/** Needs attention by attention.ts's own query, per reason and integration, as the rollup keys them. */
function attentionByDefinition(): string[] {
  const branch = (where: ReturnType<typeof failedNeedingAttention>) =>
    db
      .select({
        reason: sql<string>`coalesce(${d.reason}, '')`,
        integrationId: sql<number>`coalesce(${d.integrationId}, 0)`,
        n: count(),
      })
      .from(d)
      .where(where)
      .groupBy(sql`1`, sql`2`)
      .all();
  const map = new Map<string, [number, number]>();
  for (const [i, rows] of [branch(failedNeedingAttention()), branch(retryingNeedingAttention())].entries()) {
    for (const r of rows) {
      const key = JSON.stringify([r.reason, r.integrationId]);
      const v = map.get(key) ?? [0, 0];
      v[i as 0 | 1] += r.n;
      map.set(key, v);
    }
  }
  return [...map.entries()].map(([k, v]) => JSON.stringify([...JSON.parse(k), ...v])).sort();
}

function assertRollups(where: string) {
  for (const table of TABLES)
    expect(rowsOf(table), `${table} after ${where}`).toEqual(rowsOf(table, `${table}_raw`));
  expect(rowsOf('rollup_attention'), `Needs attention after ${where}`).toEqual(attentionByDefinition());
}

const CONTACTS = ['a@example.com', 'b@example.com', 'c@example.com', 'c-1'];
const REASONS = ['contact-not-found', 'owner-invalid', 'dns', 'maybe-stored', 'http-server-error', null];
const PRODUCTS = ['SKU-1, SKU-2', 'SKU-1', 'a,b,,a', 'x"y\\z, \t tab', undefined];

async function run(seed: number, steps: number) {
  const rnd = random(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;
  const shop = insertTestIntegration(db, { name: 'Shop' });
  const outlet = insertTestIntegration(db, { name: 'Outlet', detailLabels: { detail4: 'Waluta' } });
  const doomed = insertTestIntegration(db, { name: 'Doomed' });
  const live = [shop, outlet, doomed];
  const integrationRow = (id: number) =>
    db.select().from(schema.integrations).where(eq(schema.integrations.id, id)).get()!;
  let now = Date.now() - 40 * 24 * HOUR;

  const event = (date?: number): EventData => {
    const type = pick(['PURCHASE', 'PURCHASE', 'CART', 'VISIT', 'LOGIN'] as const);
    const contact = pick(CONTACTS);
    return {
      type,
      ...(contact.includes('@') ? { email: contact } : { contactId: contact }),
      ...(type === 'PURCHASE' || type === 'CART' ? { value: Math.round(rnd() * 100000) / 100 } : {}),
      ...(rnd() < 0.6 ? { detail9: pick(['EUR', 'PLN', ' ']) } : {}),
      ...(rnd() < 0.3 ? { detail4: pick(['USD', 'PLN']) } : {}),
      ...(rnd() < 0.7 && pick(PRODUCTS) ? { products: pick(PRODUCTS)! } : {}),
      ...(date ? { date } : {}),
    } as EventData;
  };
  const ids = (where?: ReturnType<typeof eq>) =>
    db
      .select({ id: d.id })
      .from(d)
      .where(where)
      .all()
      .map((r) => r.id);
  const some = (list: number[]) => list.filter(() => rnd() < 0.5);

  const settle = (claimed: number[], status = pick(['succeeded', 'failed', 'retrying'] as const)) => {
    if (!claimed.length) return;
    const attempts = state.startAttempts(
      claimed.map((id) => ({ deliveryId: id, number: 1, url: 'https://x', request: {} })),
      now,
    );
    if (rnd() < 0.8) {
      state.finishAttempts(attempts, {
        durationMs: Math.floor(rnd() * 3000),
        httpStatus: 200,
        responseBody: null,
        responseTruncated: false,
        outcome: 'succeeded',
        reason: 'ok',
        message: null,
      });
    }
    state.inTransaction(() =>
      state.settleDeliveries(claimed, 'w', {
        status,
        reason: status === 'succeeded' ? null : pick(REASONS),
        reasonMessage: null,
        lastHttpStatus: 200,
        lastDurationMs: 10,
        nextAttemptAt: status === 'retrying' ? now + HOUR : null,
        now,
      }),
    );
  };

  const writes: Array<[string, () => unknown]> = [
    [
      'collector group commit',
      () =>
        Promise.all(
          Array.from({ length: 1 + Math.floor(rnd() * 3) }, () => {
            const integration = integrationRow(pick(live));
            return insertCollectedDelivery(
              {
                integrationId: integration.id,
                event: event(),
                pageUrl: null,
                origin: 'https://a.example',
                userAgent: null,
              },
              { name: integration.name, detailLabels: integration.detailLabels as Record<string, string> },
              now,
            );
          }),
        ),
    ],
    [
      'composer insert',
      () =>
        insertDelivery({
          integration: integrationRow(pick(live)),
          source: 'api',
          operation: 'add',
          event: event(),
          now,
        }),
    ],
    [
      'backfill chunk',
      () => {
        const integration = integrationRow(pick(live));
        const job = createJob({ kind: 'backfill', params: {}, integrationId: integration.id });
        const past = now - Math.floor(rnd() * 400) * 24 * HOUR;
        writeBackfillChunk(
          {
            id: job.id,
            plan: { options: { importDuplicates: true } } as BackfillPlan,
            integration,
            createdBy: null,
          },
          [
            { line: 2, event: event(past) },
            { line: 3, problem: 'Not a row' },
            { line: 4, event: event(past - HOUR) },
          ],
        );
      },
    ],
    [
      'worker claim and settle',
      () => {
        const due = ids(inArray(d.status, ['queued', 'retrying']) as ReturnType<typeof eq>);
        settle(state.claimDeliveries(some(due), 'w', now, 60_000).map((c) => c.id));
      },
    ],
    [
      'resend',
      () => {
        // Mostly a failure: a resend that succeeds resolves it, the case the rollups must follow.
        const failed = ids(eq(d.status, 'failed'));
        const original = pick(failed.length && rnd() < 0.7 ? failed : ids());
        if (!original) return;
        const row = db.select().from(d).where(eq(d.id, original)).get()!;
        if (!row.integrationId) return;
        const resend = state.insertClaimedDelivery(
          {
            integration: integrationRow(row.integrationId),
            source: 'resend',
            operation: 'add',
            event: row.event as EventData,
            resendOf: original,
            now,
          },
          'w',
          60_000,
        );
        settle([resend.id], rnd() < 0.6 ? 'succeeded' : pick(['failed', 'retrying'] as const));
      },
    ],
    [
      'bulk retry',
      () => retryNow(some(ids(inArray(d.status, ['failed', 'retrying']) as ReturnType<typeof eq>)), now),
    ],
    ['bulk cancel', () => chain.stopRetrying(some(ids()), 'by the test', now)],
    [
      'mark delivered',
      () => {
        const waiting = ids(
          and(eq(d.status, 'failed'), eq(d.reason, 'maybe-stored')) as ReturnType<typeof eq>,
        );
        if (waiting.length) chain.markDelivered(pick(waiting), null, now);
      },
    ],
    [
      'stop retrying one',
      () => {
        const id = pick(ids(inArray(d.status, ['queued', 'retrying']) as ReturnType<typeof eq>));
        if (id) chain.stopRetryingOne(id, 'stop', now);
      },
    ],
    [
      'retention',
      () => {
        const scope = {
          integrationId: pick([...live, null]),
          bodiesBefore: now,
          deliveriesBefore: now - 5 * 24 * HOUR,
        };
        removeBodiesBatch(scope, null, 5, now);
        deleteDeliveriesBatch(scope, null, 1 + Math.floor(rnd() * 10));
      },
    ],
    [
      'contact erasure',
      () => {
        try {
          eraseContact(pick(CONTACTS));
        } catch (err) {
          if (!/No delivery/.test(String(err))) throw err;
        }
      },
    ],
    ['recover expired leases', () => state.recoverExpiredLeases(now + 10 * 60_000)],
    [
      'a claim left unsettled',
      () => state.claimDeliveries(some(ids(eq(d.status, 'queued'))), 'gone', now, 1_000),
    ],
    [
      'integration deleted',
      () => {
        if (!live.includes(doomed) || rnd() < 0.7) return;
        deleteIntegration(doomed);
        live.splice(live.indexOf(doomed), 1);
      },
    ],
  ];

  let most = 0;
  for (let step = 0; step < steps; step++) {
    now += Math.floor(rnd() * (rnd() < 0.2 ? 30 * HOUR : HOUR / 4));
    const [name, write] = pick(writes);
    await write();
    assertRollups(`step ${step} (${name}), seed ${seed}`);
    most = Math.max(most, db.select({ n: count() }).from(d).get()!.n);
  }
  return most;
}

beforeEach(() => {
  db = openDb(':memory:');
  setDbForTests(db);
});

describe('the overview rollups equal a GROUP BY over the history after every write', () => {
  it('count a column for each of SALESmanago’s event types', () => {
    expect(ROLLUP_EVENT_TYPES).toEqual(EVENT_TYPES);
  });

  for (const seed of [1, 2, 3, 4, 5, 6]) {
    it(`seed ${seed}`, async () => {
      // The sequence really built a history at some point (erasure and retention may empty it again).
      expect(await run(seed, 120)).toBeGreaterThan(10);
      expect(rowsOf('rollup_sent').length).toBeGreaterThan(0);
    }, 30_000);
  }

  it('a failure resolved by a successful resend leaves the unresolved count, and comes back if that resend goes', () => {
    const shop = insertTestIntegration(db);
    const integration = db.select().from(schema.integrations).where(eq(schema.integrations.id, shop)).get()!;
    const now = Date.now();
    const add = (resendOf: number | null) =>
      insertDelivery({
        integration,
        source: resendOf ? 'resend' : 'api',
        operation: 'add',
        event: { type: 'VISIT', email: 'a@example.com' },
        resendOf,
        now,
      }).id;
    const original = add(null);
    db.update(d).set({ status: 'failed', reason: 'owner-invalid' }).where(eq(d.id, original)).run();
    const unresolved = () =>
      db.get<{ n: number }>(sql`select sum(unresolved) n from rollup_sent where span_hours = 1`).n;
    expect(unresolved()).toBe(1);
    const resend = add(original);
    db.update(d).set({ status: 'succeeded' }).where(eq(d.id, resend)).run();
    expect(unresolved()).toBe(0);
    db.delete(d).where(eq(d.id, resend)).run();
    expect(unresolved()).toBe(1);
    assertRollups('a resend deleted');
  });
});
