import { describe, expect, it, vi } from 'vitest';

process.env.APP_SECRET_KEY ??= 'schedule-test-key-that-is-long-enough-01';

const { openDb, setDbForTests } = await import('@/db');
const { tempDbFiles } = await import('@/lib/data/test-helpers');
const { lastTickSlot } = await import('@/lib/data/schedule');
const { createSchedule } = await import('./schedule');

const file = tempDbFiles('schedule-');
const MINUTE = 60_000;
const T0 = 1_800_000_000_000; // a whole minute

/** A process: its own connection to the same file, and a schedule of one minutely tick. */
function startProcess(
  dbFile: string,
  clock: { now: number },
  runs: number[],
  run?: () => void | Promise<void>,
) {
  const db = openDb(dbFile);
  setDbForTests(db);
  const schedule = createSchedule(
    [
      {
        name: 'checks',
        everyMs: MINUTE,
        run: async (now) => {
          runs.push(now);
          await run?.();
        },
      },
    ],
    () => clock.now,
  );
  return { db, schedule, close: () => db.$client.close() };
}

describe('scheduled ticks', () => {
  it('a restart within a tick does not run it again; after the next one began it runs at once', async () => {
    const dbFile = file('restart.db');
    const clock = { now: T0 + 10_000 };
    const runs: number[] = [];
    const first = startProcess(dbFile, clock, runs);
    expect(await first.schedule.runDue()).toEqual(['checks']);
    clock.now += 5_000;
    expect(await first.schedule.runDue()).toEqual([]);
    first.close();

    // Restarted 30 s later, still in the same minute: nothing runs.
    clock.now = T0 + 45_000;
    const second = startProcess(dbFile, clock, runs);
    expect(await second.schedule.runDue()).toEqual([]);
    second.close();

    // Down for three minutes: the minute under way runs once at start, the missed ones are not replayed.
    clock.now = T0 + 3 * MINUTE + 20_000;
    const third = startProcess(dbFile, clock, runs);
    expect(await third.schedule.runDue()).toEqual(['checks']);
    expect(await third.schedule.runDue()).toEqual([]);
    expect(runs).toEqual([T0 + 10_000, T0 + 3 * MINUTE + 20_000]);
    expect(await lastTickSlot('checks')).toBe((T0 + 3 * MINUTE) / MINUTE);
    third.close();
  });

  it('two processes on one database never both run the same tick', async () => {
    const dbFile = file('two.db');
    const clock = { now: T0 };
    const runs: number[] = [];
    const a = startProcess(dbFile, clock, runs);
    const b = startProcess(dbFile, clock, runs);
    for (let minute = 0; minute < 5; minute++) {
      clock.now = T0 + minute * MINUTE + 1_000;
      setDbForTests(a.db);
      const ranA = await a.schedule.runDue();
      setDbForTests(b.db);
      const ranB = await b.schedule.runDue();
      expect([...ranA, ...ranB]).toEqual(['checks']);
    }
    expect(runs).toHaveLength(5);
    a.close();
    b.close();
  });

  it('a tick still running is not started twice; a failing tick keeps its error and the next one runs', async () => {
    const dbFile = file('overlap.db');
    const clock = { now: T0 };
    const runs: number[] = [];
    let release!: () => void;
    let calls = 0;
    const p = startProcess(dbFile, clock, runs, () => {
      calls++;
      if (calls === 1) return new Promise<void>((r) => (release = r));
      if (calls === 2) throw new Error('SALESmanago did not answer');
    });
    const slow = p.schedule.runDue();
    await vi.waitFor(() => expect(runs).toHaveLength(1));
    clock.now += MINUTE;
    // The next minute began while the first tick runs: it waits for it, then runs once.
    const after = p.schedule.runDue();
    await new Promise((r) => setTimeout(r, 20));
    expect(runs).toHaveLength(1);
    release();
    expect(await slow).toEqual(['checks']);
    expect(await after).toEqual(['checks']);
    expect(runs).toHaveLength(2);
    const row = p.db.$client.prepare('select last_error from scheduled_ticks where name = ?').get('checks');
    expect(row).toEqual({ last_error: 'SALESmanago did not answer' });
    clock.now += MINUTE;
    expect(await p.schedule.runDue()).toEqual(['checks']);
    expect(p.db.$client.prepare('select last_error from scheduled_ticks').get()).toEqual({
      last_error: null,
    });
    p.close();
  });

  it('stopped for a shutdown: settled() resolves once the tick under way finished', async () => {
    const clock = { now: T0 };
    let release!: () => void;
    const p = startProcess(file('settle.db'), clock, [], () => new Promise<void>((r) => (release = r)));
    void p.schedule.runDue();
    await vi.waitFor(() => expect(release).toBeDefined());
    p.schedule.stop();
    let settled = false;
    const waiting = p.schedule.settled().then(() => (settled = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(settled).toBe(false);
    release();
    await waiting;
    expect(settled).toBe(true);
    p.close();
  });
});
