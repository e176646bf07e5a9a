import 'server-only';

import pg from 'pg';

import { engineKind, pgConnection } from '@/db';
import { logError, logInfo } from '@/lib/log';

/**
 * Delivery wake-ups across instances on PostgreSQL (issue 17 item 4, issue 18 item 2): an instance that
 * queued deliveries sends one NOTIFY on this channel right after its commit, and the delivery worker of
 * every instance LISTENs on it, so whichever has capacity sends them at once. Polling stays the fallback:
 * a lost notification or a dropped listening connection delays a delivery by one poll, never loses it.
 * On SQLite there is one process, whose wake-ups go from thread to thread (lib/delivery/thread-host.ts).
 */
export const WAKE_CHANNEL = 'sm_deliveries_due';

/** Tells every listening instance that deliveries are due (after the commit that queued them). */
async function notifyDeliveriesDue(): Promise<void> {
  await pgConnection().pool.query('select pg_notify($1, $2)', [WAKE_CHANNEL, '']);
}

/**
 * A function to call after each commit that queued deliveries; calls within one turn of the event loop
 * become one NOTIFY (a group commit answers all its events in the same turn). Nothing on SQLite.
 */
export function createWakeNotifier(send: () => Promise<void> = notifyDeliveriesDue): () => void {
  let scheduled = false;
  return () => {
    if (scheduled || engineKind() !== 'pg') return;
    scheduled = true;
    setImmediate(() => {
      scheduled = false;
      send().catch((err: unknown) => logError('delivery wake-up notification', err));
    });
  };
}

export interface WakeListenerOptions {
  /** The first wait before connecting again after the connection dropped; doubles up to `maxRetryMs`. */
  retryMs?: number;
  maxRetryMs?: number;
}

/**
 * LISTENs on its own connection (a pooled one would go back to the pool) and calls `onWake` for every
 * notification. When the connection drops it logs once, connects again with growing waits, and wakes
 * once when back (notifications sent meanwhile were lost). On SQLite it does nothing.
 */
export function listenForWakeUps(
  onWake: () => void,
  opts: WakeListenerOptions = {},
): { stop: () => Promise<void> } {
  if (engineKind() !== 'pg') return { stop: async () => undefined };
  const retryMs = opts.retryMs ?? 1000;
  const maxRetryMs = opts.maxRetryMs ?? 30_000;
  const { options } = pgConnection().pool;
  let stopped = false;
  let current: pg.Client | undefined;
  let retry: NodeJS.Timeout | undefined;
  let failures = 0;

  function lost(client: pg.Client, err: unknown) {
    if (current === client) current = undefined;
    client.end().catch(() => undefined);
    if (stopped) return;
    if (failures === 0) logError('listening for delivery wake-ups (polling until it is back)', err);
    const wait = Math.min(maxRetryMs, retryMs * 2 ** failures);
    failures++;
    retry = setTimeout(() => void connect(), wait);
    retry.unref();
  }

  async function connect() {
    const client = new pg.Client(options);
    let gone = false;
    const drop = (err: unknown) => {
      if (gone) return;
      gone = true;
      lost(client, err);
    };
    client.on('notification', (n) => {
      if (n.channel === WAKE_CHANNEL) onWake();
    });
    client.on('error', drop);
    client.on('end', () => drop(new Error('the connection ended')));
    try {
      await client.connect();
      await client.query(`listen ${WAKE_CHANNEL}`);
    } catch (err) {
      return drop(err);
    }
    if (stopped) return void client.end().catch(() => undefined);
    current = client;
    if (failures > 0) {
      logInfo('listening for delivery wake-ups again');
      failures = 0;
      onWake();
    }
  }

  void connect();
  return {
    stop: async () => {
      stopped = true;
      clearTimeout(retry);
      await current?.end().catch(() => undefined);
    },
  };
}
