import { afterEach, describe, expect, it, vi } from 'vitest';

import { pgConnection } from '@/db';
import { PG_TEST_TIMEOUT } from '@/db/test-helpers';
import { ENGINES, testOnEngine } from './test-helpers';
import { createWakeNotifier, listenForWakeUps, WAKE_CHANNEL } from './wake-ups';

const stops: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(stops.splice(0).map((stop) => stop()));
  vi.restoreAllMocks();
});

function listen(opts = {}) {
  let wakes = 0;
  const listener = listenForWakeUps(() => wakes++, opts);
  stops.push(listener.stop);
  return { listener, wakes: () => wakes };
}

/** Notifies from the pool (another connection, as another instance would) until the listener wakes. */
async function notifiedUntilWoken(wakes: () => number) {
  const before = wakes();
  await expect
    .poll(
      async () => {
        await pgConnection().pool.query('select pg_notify($1, $2)', [WAKE_CHANNEL, '']);
        return wakes();
      },
      { timeout: 10_000, interval: 50 },
    )
    .toBeGreaterThan(before);
}

const listenerBackends = async () =>
  (
    await pgConnection().pool.query<{ pid: number }>(
      "select pid from pg_stat_activity where query ilike 'listen %' and pid <> pg_backend_pid()",
    )
  ).rows.map((r) => r.pid);

describe('delivery wake-ups on PostgreSQL', { timeout: PG_TEST_TIMEOUT }, () => {
  testOnEngine('pg');

  it("a NOTIFY from one connection wakes the listener on another, and the notifier's NOTIFY does too", async () => {
    const { wakes } = listen();
    await notifiedUntilWoken(wakes);
    await new Promise((r) => setTimeout(r, 200)); // the polling's last notifications arrive first
    const before = wakes();
    createWakeNotifier()();
    await expect.poll(wakes, { timeout: 5000 }).toBeGreaterThan(before);
  });

  it('connects again with backoff when its connection drops, logging once, and wakes when back', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const infos = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    const { wakes } = listen({ retryMs: 20, maxRetryMs: 100 });
    await notifiedUntilWoken(wakes);
    for (let drop = 0; drop < 2; drop++) {
      const [pid] = await listenerBackends();
      expect(pid).toBeDefined();
      const before = wakes();
      await pgConnection().pool.query('select pg_terminate_backend($1)', [pid]);
      // Back on a new connection: the wake that says "look, you may have missed some", then notifications.
      await expect.poll(wakes, { timeout: 5000 }).toBeGreaterThan(before);
      await expect.poll(listenerBackends, { timeout: 5000 }).not.toEqual([pid]);
      await notifiedUntilWoken(wakes);
    }
    const logged = (spy: typeof errors, text: string) =>
      spy.mock.calls.filter(([line]) => String(line).includes(text)).length;
    expect(logged(errors, 'listening for delivery wake-ups')).toBe(2); // once per drop, not per retry
    expect(logged(infos, 'listening for delivery wake-ups again')).toBe(2);
  });

  it('stays quiet once stopped', async () => {
    const { listener, wakes } = listen({ retryMs: 20 });
    await notifiedUntilWoken(wakes);
    await listener.stop();
    const before = wakes();
    await pgConnection().pool.query('select pg_notify($1, $2)', [WAKE_CHANNEL, '']);
    await new Promise((r) => setTimeout(r, 200));
    expect(wakes()).toBe(before);
    expect(await listenerBackends()).toEqual([]);
  });
});

describe.each(ENGINES)('the wake notifier on %s', { timeout: PG_TEST_TIMEOUT }, (kind) => {
  testOnEngine(kind);

  it(kind === 'pg' ? 'sends one NOTIFY for all the calls of one turn' : 'sends nothing', async () => {
    const send = vi.fn(async () => undefined);
    const notify = createWakeNotifier(send);
    for (let i = 0; i < 50; i++) notify(); // a group commit's 50 events, answered in one turn
    await new Promise((r) => setImmediate(r));
    notify(); // the next group commit
    await new Promise((r) => setImmediate(r));
    expect(send).toHaveBeenCalledTimes(kind === 'pg' ? 2 : 0);
  });
});
