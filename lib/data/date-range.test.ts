import { beforeEach, describe, expect, it } from 'vitest';

import { PG_TEST_TIMEOUT } from '@/db/test-helpers';
import { deliveryFiltersSchema } from '@/lib/validations/delivery';

process.env.APP_SECRET_KEY ??= 'range-test-key-that-is-long-enough-00001';

const { schema } = await import('@/db');
const { insertDelivery } = await import('./deliveries');
const { listDeliveries } = await import('./deliveries-list');
const { db } = await import('./engine');
const { addTestIntegration, ENGINES, testOnEngine } = await import('./test-helpers');

let shop: { id: number; name: string };

const add = async (now: number, type = 'VISIT') =>
  (
    await insertDelivery({
      integration: shop,
      source: 'api',
      operation: 'add',
      now,
      event: { type, email: 'a@example.com' } as Parameters<typeof insertDelivery>[0]['event'],
    })
  ).id;
const createdAt = async () =>
  await db()
    .select({ id: schema.deliveries.id, at: schema.deliveries.createdAt })
    .from(schema.deliveries)
    .orderBy(schema.deliveries.id);

describe.each(ENGINES)('date ranges on %s', { timeout: PG_TEST_TIMEOUT }, (kind) => {
  testOnEngine(kind);
  beforeEach(async () => {
    shop = { id: await addTestIntegration(), name: 'Shop' };
  });

  it('created_at follows the ids: a row written after the clock stepped back takes the newest time so far', async () => {
    await add(5_000);
    await add(9_000);
    await add(7_000); // the clock went back two seconds
    await add(10_000);
    expect((await createdAt()).map((r) => r.at)).toEqual([5_000, 9_000, 9_000, 10_000]);
  });

  it('find exactly the rows created in the range, newest first, page by page', async () => {
    // A random history with repeated times, and a few clock steps back.
    let t = 1_000_000;
    for (let i = 0; i < 400; i++) {
      t += i % 25 === 24 ? -5_000 : Math.floor(Math.random() * 1000);
      await add(t, i % 3 ? 'VISIT' : 'CART');
    }
    const all = await createdAt();
    const min = all[0]!.at;
    const max = all.at(-1)!.at;
    for (let round = 0; round < 25; round++) {
      const a = min + Math.floor(Math.random() * (max - min));
      const b = a + Math.floor(Math.random() * (max - a));
      const type = round % 2 ? ['CART'] : [];
      const expected = all
        .filter((r) => r.at >= a && r.at <= b)
        .map((r) => r.id)
        .filter((id) => !type.length || (id - 1) % 3 === 0)
        .reverse();
      const seen: number[] = [];
      let cursor: number | undefined;
      do {
        const page = await listDeliveries(
          deliveryFiltersSchema.parse({ from: a, to: b, type, limit: 37, cursor }),
        );
        seen.push(...page.items.map((d) => d.id));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      expect(seen).toEqual(expected);
    }
  });

  it('an empty range, or one before every row, finds nothing', async () => {
    await add(5_000);
    await add(6_000);
    expect((await listDeliveries(deliveryFiltersSchema.parse({ from: 7_000 }))).items).toEqual([]);
    expect((await listDeliveries(deliveryFiltersSchema.parse({ to: 4_000 }))).items).toEqual([]);
    expect((await listDeliveries(deliveryFiltersSchema.parse({ from: 5_500, to: 5_900 }))).items).toEqual([]);
    expect(
      (await listDeliveries(deliveryFiltersSchema.parse({ from: 5_000, to: 5_000 }))).items,
    ).toHaveLength(1);
  });
});

describe('migration 0007 on an existing history', () => {
  it('lifts rows written after a clock step to the running maximum, and leaves the rest', async () => {
    const { default: Database } = await import('better-sqlite3');
    const fs = await import('node:fs');
    const path = await import('node:path');
    const dir = path.join(process.cwd(), 'db', 'migrations');
    const files = fs
      .readdirSync(dir)
      .filter((f) => f.endsWith('.sql'))
      .sort();
    const run = (raw: InstanceType<typeof Database>, file: string) => {
      for (const part of fs.readFileSync(path.join(dir, file), 'utf8').split('--> statement-breakpoint'))
        if (part.trim()) raw.exec(part);
    };
    const raw = new Database(':memory:');
    const before = files.filter((f) => f < '0007');
    for (const f of before) run(raw, f);
    raw
      .prepare(
        `insert into integrations (name, endpoint, client_id, owner, api_key_enc, api_key_hint, api_secret_enc,
           api_secret_hint, collector_key, updated_at) values ('S', 'e', 'c', 'o', 'k', 'k', 's', 's', 'ck', 0)`,
      )
      .run();
    const insert = raw.prepare(
      `insert into deliveries (integration_name, source, type, contact, event_date, event, status, created_at, updated_at)
       values ('S', 'api', 'VISIT', 'a@example.com', 0, '{}', 'succeeded', ?, 0)`,
    );
    for (const at of [100, 300, 200, 250, 400, 350]) insert.run(at);
    run(
      raw,
      files.find((f) => f.startsWith('0007'))!,
    );
    const times = raw.prepare('select created_at at from deliveries order by id').all() as Array<{
      at: number;
    }>;
    expect(times.map((r) => r.at)).toEqual([100, 300, 300, 300, 400, 400]);
  });
});
