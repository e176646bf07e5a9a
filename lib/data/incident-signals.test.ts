import { beforeEach, describe, expect, it } from 'vitest';

import { schema } from '@/db';
import type { DeliveryStatus } from '@/db/enums';
import { PG_TEST_TIMEOUT } from '@/db/test-helpers';
import { db } from './engine';
import {
  codeLastSeenAt,
  countOutcomes,
  integrationsToCheck,
  outcomesSince,
  pruneOutcomes,
  queueOf,
  scanWebsiteActivity,
} from './incident-signals';
import { ENGINES, addTestIntegration, testOnEngine } from './test-helpers';

const MINUTE = 60_000;
const T0 = 1_800_000_000_000;
let shop: number;

/** Deliveries of the shop, written in this order (ids rise with created_at). */
async function deliveries(
  ...rows: Array<{ status: DeliveryStatus; source?: 'api' | 'website'; at: number }>
) {
  await db()
    .insert(schema.deliveries)
    .values(
      rows.map((r, n) => ({
        integrationId: shop,
        integrationName: 'Shop',
        source: r.source ?? 'api',
        type: 'VISIT',
        contact: `c${n}@example.com`,
        eventDate: r.at,
        event: {},
        status: r.status,
        createdAt: r.at,
        updatedAt: r.at,
      })),
    );
}

describe.each(ENGINES)('incident signals on %s', { timeout: PG_TEST_TIMEOUT }, (kind) => {
  testOnEngine(kind);
  beforeEach(async () => {
    shop = await addTestIntegration();
  });

  it('counts answers per minute and sums a window; old minutes are pruned', async () => {
    await countOutcomes(shop, 'succeeded', 4, T0);
    await countOutcomes(shop, 'failed', 2, T0 + 1_000);
    await countOutcomes(shop, 'failed', 3, T0 + MINUTE);
    await countOutcomes(null, 'failed', 9, T0);
    await countOutcomes(shop, 'failed', 0, T0);
    const first = Math.floor(T0 / MINUTE);
    expect(await outcomesSince(shop, first)).toEqual({ succeeded: 4, failed: 5 });
    expect(await outcomesSince(shop, first + 1)).toEqual({ succeeded: 0, failed: 3 });
    await pruneOutcomes(first + 1);
    expect(await outcomesSince(shop, first)).toEqual({ succeeded: 0, failed: 3 });
    expect(await outcomesSince(shop + 1, first)).toEqual({ succeeded: 0, failed: 0 });
  });

  it("an integration's queue: its oldest queued delivery and how many wait (retrying ones do not)", async () => {
    expect(await queueOf(shop)).toEqual({ oldestQueuedAt: null, queued: 0 });
    await deliveries(
      { status: 'retrying', at: T0 },
      { status: 'queued', at: T0 + 1 },
      { status: 'succeeded', at: T0 + 2 },
      { status: 'queued', at: T0 + 3 },
    );
    expect(await queueOf(shop)).toEqual({ oldestQueuedAt: T0 + 1, queued: 2 });
  });

  it('the website scan starts at the newest row, then notes website events written since', async () => {
    await deliveries({ status: 'succeeded', source: 'website', at: T0 });
    await scanWebsiteActivity();
    const websiteEventAt = async () =>
      (await integrationsToCheck()).find((i) => i.id === shop)?.websiteEventAt;
    expect(await websiteEventAt()).toBeNull();
    await deliveries(
      { status: 'succeeded', source: 'website', at: T0 + 5 },
      { status: 'queued', source: 'website', at: T0 + 7 },
      { status: 'succeeded', source: 'api', at: T0 + 9 },
    );
    await scanWebsiteActivity();
    expect(await websiteEventAt()).toBe(T0 + 7);
    await scanWebsiteActivity(); // nothing new: stays
    expect(await websiteEventAt()).toBe(T0 + 7);
  });

  it('reads what the checks need of every integration, in id order', async () => {
    const other = await addTestIntegration({ installSeenAt: T0, collectorEnabled: true });
    const rows = await integrationsToCheck();
    expect(rows.map((r) => r.id)).toEqual([shop, other]);
    expect(await codeLastSeenAt(rows[1]!)).toBe(T0);
    expect(await codeLastSeenAt(rows[0]!)).toBeNull();
  });
});
