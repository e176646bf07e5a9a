import { describe, expect, it } from 'vitest';

import { PG_TEST_TIMEOUT } from '@/db/test-helpers';
import { audit, listAudit } from './audit';
import { ENGINES, testOnEngine } from './test-helpers';

const admin = { id: 1, label: 'admin@example.com' };

async function actions(f: Parameters<typeof listAudit>[0]) {
  return (await listAudit(f)).items.map((e) => e.action);
}

describe.each(ENGINES)('audit log on %s', { timeout: PG_TEST_TIMEOUT }, (kind) => {
  testOnEngine(kind);

  it('keeps who did what to which target, with JSON details, newest first', async () => {
    await audit(
      admin,
      'token.create',
      'Created token “CI”.',
      { type: 'token', id: 7 },
      { scopes: ['send'], n: 2 },
    );
    await audit({ id: null, label: 'system' }, 'retention.run', 'Ran retention.');
    const { items, nextCursor } = await listAudit({});
    expect(nextCursor).toBeNull();
    expect(items).toEqual([
      {
        id: expect.any(Number),
        at: expect.any(Number),
        actorLabel: 'system',
        action: 'retention.run',
        targetType: null,
        targetId: null,
        summary: 'Ran retention.',
        details: null,
      },
      {
        id: expect.any(Number),
        at: expect.any(Number),
        actorLabel: 'admin@example.com',
        action: 'token.create',
        targetType: 'token',
        targetId: '7',
        summary: 'Created token “CI”.',
        details: { scopes: ['send'], n: 2 },
      },
    ]);
  });

  it('cuts a summary at 500 characters', async () => {
    await audit(admin, 'user.update', 'x'.repeat(600));
    expect((await listAudit({})).items[0]?.summary).toHaveLength(500);
  });

  it('filters by the start of the action, ignoring case, with _ and % taken literally', async () => {
    for (const action of ['delivery.bulk_retry', 'delivery.bulkxretry', 'delivery.retry', 'event.send'])
      await audit(admin, action, action);
    expect(await actions({ action: 'delivery.' })).toEqual([
      'delivery.retry',
      'delivery.bulkxretry',
      'delivery.bulk_retry',
    ]);
    expect(await actions({ action: 'delivery.bulk_' })).toEqual(['delivery.bulk_retry']);
    expect(await actions({ action: 'DELIVERY.RETRY' })).toEqual(['delivery.retry']);
    expect(await actions({ action: '%' })).toEqual([]);
  });

  it('pages by cursor, newest first, the limit kept between 1 and 200', async () => {
    for (let n = 1; n <= 5; n++) await audit(admin, 'event.send', `Sent ${n}.`);
    const first = await listAudit({ limit: 2 });
    expect(first.items.map((e) => e.summary)).toEqual(['Sent 5.', 'Sent 4.']);
    const second = await listAudit({ limit: 2, cursor: first.nextCursor! });
    expect(second.items.map((e) => e.summary)).toEqual(['Sent 3.', 'Sent 2.']);
    const last = await listAudit({ limit: 2, cursor: second.nextCursor! });
    expect(last).toEqual({ items: [expect.objectContaining({ summary: 'Sent 1.' })], nextCursor: null });
    expect((await listAudit({ limit: 0 })).items).toHaveLength(1);
  });
});
