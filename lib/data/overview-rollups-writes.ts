import 'server-only';
import { and, eq, inArray } from 'drizzle-orm';

import { schema } from '@/db';
import type { BackfillPlan } from '@/lib/validations/backfill';
import type { EventData } from '@/lib/validations/event';
import { retryNow } from './attention';
import { writeBackfillChunk } from './backfill-rows';
import { insertCollectedDelivery } from './collector';
import { eraseContact } from './contacts';
import { insertDelivery } from './deliveries';
import * as chain from './delivery-chain';
import * as state from './delivery-state';
import { db, withTransaction } from './engine';
import { deleteIntegration } from './integrations';
import { createJob } from './jobs';
import { deleteDeliveriesBatch, removeBodiesBatch } from './retention-sweep';

// The real writes of the console, picked at random by the rollups' property test
// (overview-rollups.test.ts): every path that changes deliveries or attempts, each with random but
// plausible arguments from a seeded generator. Test-only: nothing else imports it.

const d = schema.deliveries;
const HOUR = 3_600_000;

const CONTACTS = ['a@example.com', 'b@example.com', 'c@example.com', 'c-1'];
const REASONS = ['contact-not-found', 'owner-invalid', 'dns', 'maybe-stored', 'http-server-error', null];
const PRODUCTS = ['SKU-1, SKU-2', 'SKU-1', 'a,b,,a', 'x"y\\z, \t tab', undefined];

export interface RandomWrites {
  writes: Array<[name: string, write: () => unknown]>;
  /** Moves the clock the writes use on by a random step: minutes mostly, sometimes a day or more. */
  tick(): void;
  pick<T>(list: readonly T[]): T;
}

/**
 * The writes on the engine in use, with three integrations: one names its own currency slot, one may
 * be deleted.
 */
export async function randomWrites(
  rnd: () => number,
  insertIntegration: (values: object) => Promise<number>,
): Promise<RandomWrites> {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;
  const shop = await insertIntegration({ name: 'Shop' });
  const outlet = await insertIntegration({ name: 'Outlet', detailLabels: { detail4: 'Waluta' } });
  const doomed = await insertIntegration({ name: 'Doomed' });
  const live = [shop, outlet, doomed];
  const integrationRow = async (id: number) => {
    const [row] = await db().select().from(schema.integrations).where(eq(schema.integrations.id, id));
    return row!;
  };
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
  // In id order: the generator's picks must not depend on an engine's order of rows.
  const ids = async (where?: ReturnType<typeof eq>) =>
    (await db().select({ id: d.id }).from(d).where(where).orderBy(d.id)).map((r) => r.id);
  const some = (list: number[]) => list.filter(() => rnd() < 0.5);

  const settle = async (claimed: number[], status = pick(['succeeded', 'failed', 'retrying'] as const)) => {
    if (!claimed.length) return;
    const attempts = await state.startAttempts(
      claimed.map((id) => ({ deliveryId: id, number: 1, url: 'https://x', request: {} })),
      now,
    );
    if (rnd() < 0.8) {
      await state.finishAttempts(attempts, {
        durationMs: Math.floor(rnd() * 3000),
        httpStatus: 200,
        responseBody: null,
        responseTruncated: false,
        outcome: 'succeeded',
        reason: 'ok',
        message: null,
      });
    }
    await withTransaction(() =>
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
      async () => {
        // The integrations are read one by one and the events drawn in order, so a seed draws the same
        // history on both engines (concurrent reads resolve in any order); then all are queued in one
        // turn, so they share one group commit.
        const collected: Array<Parameters<typeof insertCollectedDelivery>> = [];
        for (let n = 1 + Math.floor(rnd() * 3); n > 0; n--) {
          const integration = await integrationRow(pick(live));
          collected.push([
            {
              integrationId: integration.id,
              event: event(),
              pageUrl: null,
              origin: 'https://a.example',
              userAgent: null,
            },
            { name: integration.name, detailLabels: integration.detailLabels as Record<string, string> },
            now,
          ]);
        }
        await Promise.all(collected.map((args) => insertCollectedDelivery(...args)));
      },
    ],
    [
      'composer insert',
      async () =>
        insertDelivery({
          integration: await integrationRow(pick(live)),
          source: 'api',
          operation: 'add',
          event: event(),
          now,
        }),
    ],
    [
      'backfill chunk',
      async () => {
        const integration = await integrationRow(pick(live));
        const job = await createJob({ kind: 'backfill', params: {}, integrationId: integration.id });
        const past = now - Math.floor(rnd() * 400) * 24 * HOUR;
        await writeBackfillChunk(
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
      async () => {
        const due = await ids(inArray(d.status, ['queued', 'retrying']) as ReturnType<typeof eq>);
        await settle((await state.claimDeliveries(some(due), 'w', now, 60_000)).map((c) => c.id));
      },
    ],
    [
      'resend',
      async () => {
        // Mostly a failure: a resend that succeeds resolves it, the case the rollups must follow.
        const failed = await ids(eq(d.status, 'failed'));
        const original = pick(failed.length && rnd() < 0.7 ? failed : await ids());
        if (!original) return;
        const [row] = await db().select().from(d).where(eq(d.id, original));
        if (!row?.integrationId) return;
        const resend = await state.insertClaimedDelivery(
          {
            integration: await integrationRow(row.integrationId),
            source: 'resend',
            operation: 'add',
            event: row.event as EventData,
            resendOf: original,
            now,
          },
          'w',
          60_000,
        );
        await settle([resend.id], rnd() < 0.6 ? 'succeeded' : pick(['failed', 'retrying'] as const));
      },
    ],
    [
      'bulk retry',
      async () =>
        retryNow(some(await ids(inArray(d.status, ['failed', 'retrying']) as ReturnType<typeof eq>)), now),
    ],
    ['bulk cancel', async () => chain.stopRetrying(some(await ids()), 'by the test', now)],
    [
      'mark delivered',
      async () => {
        const waiting = await ids(
          and(eq(d.status, 'failed'), eq(d.reason, 'maybe-stored')) as ReturnType<typeof eq>,
        );
        if (waiting.length) await chain.markDelivered(pick(waiting)!, null, now);
      },
    ],
    [
      'stop retrying one',
      async () => {
        const id = pick(await ids(inArray(d.status, ['queued', 'retrying']) as ReturnType<typeof eq>));
        if (id) await chain.stopRetryingOne(id, 'stop', now);
      },
    ],
    [
      'retention',
      async () => {
        const scope = {
          integrationId: pick([...live, null]),
          bodiesBefore: now,
          deliveriesBefore: now - 5 * 24 * HOUR,
        };
        await removeBodiesBatch(scope, null, 5, now);
        await deleteDeliveriesBatch(scope, null, 1 + Math.floor(rnd() * 10));
      },
    ],
    [
      'contact erasure',
      async () => {
        try {
          await eraseContact(pick(CONTACTS));
        } catch (err) {
          if (!/No delivery/.test(String(err))) throw err;
        }
      },
    ],
    ['recover expired leases', () => state.recoverExpiredLeases(now + 10 * 60_000)],
    [
      'a claim left unsettled',
      async () => state.claimDeliveries(some(await ids(eq(d.status, 'queued'))), 'gone', now, 1_000),
    ],
    [
      'integration deleted',
      async () => {
        if (!live.includes(doomed) || rnd() < 0.7) return;
        await deleteIntegration(doomed);
        live.splice(live.indexOf(doomed), 1);
      },
    ],
  ];
  return {
    writes,
    tick: () => {
      now += Math.floor(rnd() * (rnd() < 0.2 ? 30 * HOUR : HOUR / 4));
    },
    pick,
  };
}
