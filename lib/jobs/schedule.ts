import 'server-only';

import { clockNow } from '@/lib/clock';
import { claimTick, finishTick, forgetTicksAfter } from '@/lib/data/schedule';
import { logError } from '@/lib/log';

/**
 * A timer of the console's server process whose ticks survive restarts. Tick n covers the time from
 * n × everyMs (since the epoch) to the next; the database keeps the last tick claimed (scheduled_ticks),
 * so:
 * - a restart in the middle of a tick's period does not run it again (no repeat),
 * - a restart after a period began runs that period's tick at once (no skip; periods missed entirely
 *   while the server was down run once, not once each),
 * - two processes on the same database never both run a tick (the claim is one atomic statement).
 * A tick still running when its next one is due is not started twice in this process; the next one runs
 * once it finished. A tick that throws is logged and its error kept on its row; the next tick runs anyway.
 */
export interface ScheduledTick {
  /** Its row in scheduled_ticks: unique, and never renamed (a new name runs at once, as new). */
  name: string;
  everyMs: number;
  /** The work; `now` is the timers' clock (lib/clock.ts), which tests may move. */
  run(now: number): void | Promise<void>;
}

export interface Schedule {
  /**
   * Runs every tick whose period began and was not claimed yet (after a run of it under way in this
   * process); resolves with the names of those it ran, once they are done.
   */
  runDue(now?: number): Promise<string[]>;
  stop(): void;
  /** Resolves once the ticks running in this process finished (a graceful shutdown waits for them). */
  settled(): Promise<void>;
}

export const slotOf = (tick: Pick<ScheduledTick, 'everyMs'>, now: number) => Math.floor(now / tick.everyMs);

export function createSchedule(ticks: ScheduledTick[], clock: () => number = clockNow) {
  const names = new Set<string>();
  for (const t of ticks) {
    if (names.has(t.name)) throw new Error(`Two scheduled ticks are named ${t.name}.`);
    names.add(t.name);
  }
  /** The last slot this process looked at, per tick: the database is asked once per slot, not per poll. */
  const looked = new Map<string, number>();
  /** Ticks running in this process, to never start one twice at once. */
  const running = new Map<string, Promise<boolean>>();
  let timer: ReturnType<typeof setInterval> | undefined;

  async function execute(tick: ScheduledTick, slot: number, now: number): Promise<boolean> {
    try {
      await tick.run(now);
      await finishTick(tick.name, slot, clock());
    } catch (err) {
      logError(`scheduled tick ${tick.name}`, err);
      await finishTick(tick.name, slot, clock(), err instanceof Error ? err.message : String(err));
    }
    return true;
  }

  /** Runs the tick if its period began and nobody claimed it; `wait`: after the run under way, if any. */
  function runOne(tick: ScheduledTick, now: number, wait: boolean): Promise<boolean> {
    const current = running.get(tick.name);
    if (current) return wait ? current.then(() => runOne(tick, now, false)) : Promise.resolve(false);
    const slot = slotOf(tick, now);
    if (looked.get(tick.name) === slot) return Promise.resolve(false);
    looked.set(tick.name, slot);
    // Running from the claim on (the claim is a query, awaited): a runDue meanwhile waits for this run.
    // Removed in a later turn, so always after it was added (a run may throw before its first await).
    const run = claimAndExecute(tick, slot, now).finally(() => running.delete(tick.name));
    running.set(tick.name, run);
    return run;
  }

  async function claimAndExecute(tick: ScheduledTick, slot: number, now: number): Promise<boolean> {
    if (!(await claimTick(tick.name, slot, now))) return false;
    return execute(tick, slot, now);
  }

  const schedule: Schedule = {
    async runDue(now = clock()) {
      const ran = await Promise.all(ticks.map((t) => runOne(t, now, true).catch(() => false)));
      return ticks.filter((_, i) => ran[i]).map((t) => t.name);
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
    },
    async settled() {
      await Promise.allSettled([...running.values()]);
    },
  };
  const poll = () => {
    const now = clock();
    // Detached: each tick runs on its own and logs its own failure (execute); a poll never waits for one.
    for (const t of ticks) void runOne(t, now, false).catch(() => false);
  };
  return Object.assign(schedule, {
    start(pollMs: number) {
      poll();
      timer = setInterval(poll, pollMs);
      // The timers never keep the process alive on their own.
      timer.unref();
    },
    /** After the test clock went back: ticks claimed in its future may run again. */
    async forgetFuture() {
      looked.clear();
      const periods = new Map(ticks.map((t) => [t.name, t.everyMs]));
      await forgetTicksAfter((name) => slotOf({ everyMs: periods.get(name) ?? 1 }, clock()));
    },
  });
}

// The running schedule, process-wide: server.ts starts it, and the test clock's route (in Next's module
// graph) must reach the same one.
type RunningSchedule = ReturnType<typeof createSchedule>;
const globalForSchedule = globalThis as unknown as { __smSchedule?: RunningSchedule };

/** Starts the timers: looks every `pollMs` for a tick whose period began (cheap: no query until one did). */
export function startSchedule(ticks: ScheduledTick[], pollMs = 1000): Schedule {
  globalForSchedule.__smSchedule?.stop();
  const schedule = createSchedule(ticks);
  schedule.start(pollMs);
  globalForSchedule.__smSchedule = schedule;
  return schedule;
}

/** Runs what is due now on the running schedule (the test clock moves time, then asks for this). */
export async function runScheduleNow(opts: { clockWentBack?: boolean } = {}): Promise<string[]> {
  const schedule = globalForSchedule.__smSchedule;
  if (!schedule) return [];
  if (opts.clockWentBack) await schedule.forgetFuture();
  return schedule.runDue();
}
