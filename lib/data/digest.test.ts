import { beforeEach, describe, expect, it } from 'vitest';

import { schema } from '@/db';
import type { DeliveryStatus } from '@/db/enums';
import { PG_TEST_TIMEOUT } from '@/db/test-helpers';
import { digestFigures } from './digest';
import { db } from './engine';
import { ENGINES, addTestIntegration, testOnEngine } from './test-helpers';

const DAY = 86_400_000;
const FROM = Date.UTC(2026, 10, 30);
const TO = FROM + 7 * DAY;
let shop: number;
let plain: number;

async function delivery(
  integration: { id: number; name: string },
  at: number,
  status: DeliveryStatus,
  event: Record<string, unknown>,
  reason: string | null = null,
) {
  const type = (event.type as string | undefined) ?? 'PURCHASE';
  await db()
    .insert(schema.deliveries)
    .values({
      integrationId: integration.id,
      integrationName: integration.name,
      source: 'website',
      type,
      contact: 'anna@example.org',
      eventDate: at,
      event: { type, ...event },
      value: typeof event.value === 'number' ? event.value : null,
      status,
      reason,
      createdAt: at,
      updatedAt: at,
    });
}

describe.each(ENGINES)('digestFigures on %s', { timeout: PG_TEST_TIMEOUT }, (kind) => {
  testOnEngine(kind);
  beforeEach(async () => {
    // This shop names detail4 its currency (Waluta) besides the usual detail9; the other has no labels.
    shop = await addTestIntegration({ name: 'Shop', detailLabels: { detail4: 'Waluta' } });
    plain = await addTestIntegration({ name: 'Plain' });
    const s = { id: shop, name: 'Shop' };
    const day = (n: number) => FROM + n * DAY + 3_600_000;
    await delivery(s, FROM - 1, 'succeeded', { value: 1000, detail9: 'PLN' });
    await delivery(s, day(0), 'succeeded', { value: 100.5, detail9: 'PLN' });
    await delivery(s, day(1), 'succeeded', { value: 100.5, detail4: ' PLN ' });
    await delivery(s, day(2), 'succeeded', { value: 20, detail9: 'EUR' });
    await delivery(s, day(2), 'succeeded', { value: 5, detail9: '' });
    await delivery(s, day(3), 'succeeded', { type: 'CART', value: 999, detail9: 'PLN' });
    await delivery(s, day(3), 'failed', { value: 70, detail9: 'PLN' }, 'auth-wrong-token');
    await delivery(s, day(4), 'failed', { type: 'VISIT' }, 'auth-wrong-token');
    await delivery(s, day(4), 'retrying', { type: 'VISIT' }, 'http-5xx');
    await delivery({ id: plain, name: 'Plain' }, day(5), 'succeeded', { value: 3, detail9: 'USD' });
    // In time order: the history keeps created_at from going backwards (migration 0007).
    await delivery(s, TO, 'succeeded', { value: 1000, detail9: 'PLN' });
    const incident = { integrationId: shop, integrationName: 'Shop', summary: 's', lastSeenAt: day(3) };
    await db()
      .insert(schema.incidents)
      .values([
        { ...incident, cause: 'credentials', state: 'resolved', firstSeenAt: day(3), resolvedAt: day(4) },
        { ...incident, cause: 'backlog', state: 'resolved', firstSeenAt: FROM - DAY, resolvedAt: day(1) },
        { ...incident, cause: 'failure-rate', state: 'open', firstSeenAt: FROM - DAY },
      ]);
  });

  it('counts the period per integration, revenue per currency (never summed), failures, incidents', async () => {
    const f = await digestFigures(FROM, TO);
    expect(f.integrations).toEqual([
      {
        id: shop,
        name: 'Shop',
        sent: 8,
        delivered: 5,
        failed: 2,
        revenue: [
          { currency: 'PLN', amount: 201, orders: 2 },
          { currency: 'EUR', amount: 20, orders: 1 },
        ],
        ordersWithoutCurrency: 1,
      },
      // Its labels name no currency but the conventional detail9 still does.
      {
        id: plain,
        name: 'Plain',
        sent: 1,
        delivered: 1,
        failed: 0,
        revenue: [{ currency: 'USD', amount: 3, orders: 1 }],
        ordersWithoutCurrency: 0,
      },
    ]);
    expect(f.failures).toEqual([expect.objectContaining({ reason: 'auth-wrong-token', count: 2 })]);
    expect(f.incidents).toMatchObject({ opened: 1, resolved: 2 });
    expect(f.incidents.list.map((i) => i.cause)).toEqual(['backlog', 'credentials']);
  });

  it('an empty period has nothing to tell', async () => {
    expect(await digestFigures(TO + DAY, TO + 2 * DAY)).toEqual({
      integrations: [],
      failures: [],
      incidents: { opened: 0, resolved: 0, list: [] },
    });
  });
});
