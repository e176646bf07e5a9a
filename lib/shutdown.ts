import 'server-only';

import { config } from '@/lib/config';
import { logError, logInfo } from '@/lib/log';

/**
 * Graceful shutdown (issue 18): on SIGTERM or SIGINT the instance stops taking work and finishes what it
 * has, so a load balancer can take it out of rotation without a request cut off or a send left to a
 * lease's expiry. In order, each step logged on one line:
 * 1. draining: /readyz answers 503 at once (lib/data/readiness.ts);
 * 2. at the same time: the delivery thread stops (its sends in flight finish and are recorded), the
 *    timers stop (a tick under way finishes), and after a short notice (NOTICE_MS, so a load balancer
 *    polling /readyz sees the 503 while requests are still served) the listener stops accepting, idle
 *    keep-alive connections close and requests in flight finish. A load balancer without health checks
 *    (nginx) sees the refused connection and passes the request to another instance;
 *    The hooks registered with onShutdown run alongside, one after another in the order they were
 *    registered (job leases released): they need only the database, and waiting for a send held up by
 *    a slow SALESmanago (DELIVERY_TIMEOUT_MS, as long as the default grace period) would leave the jobs
 *    to their leases' expiry;
 * 3. the database closes; the process exits 0.
 * A signal during the start (drainAfterStart) first lets the start's current step finish (a migration,
 * Next's preparation): the start goes no further (server.ts checks isDraining() between its steps), and
 * the drain then stops what it made so far, with the hooks it registered.
 * All of it within SHUTDOWN_GRACE_MS: past it the process exits 0 anyway, logging what was cut short and
 * destroying the connections still open. A second signal exits at once (code 1).
 */

/** What server.ts hands over to be stopped: the listener and the parts that keep working in the background. */
export interface DrainTargets {
  /** The listener (node:http's Server): what of it a drain uses. */
  server: {
    listening: boolean;
    close(done: () => void): unknown;
    closeIdleConnections(): void;
    closeAllConnections(): void;
  };
  /** Stops the delivery thread once its sends in flight are answered and recorded. */
  stopDelivery(): Promise<void>;
  /** Stops the timers; resolves once a tick under way finished. */
  stopTimers(): Promise<void>;
  closeDatabase(): Promise<void>;
}

export interface DrainOptions {
  /** The grace period; SHUTDOWN_GRACE_MS by default. */
  graceMs?: number;
  /** process.exit by default (tests watch the code instead). */
  exit?: (code: number) => void;
  /** How long the listener stays open after the signal; NOTICE_MS, at most a fifth of the grace period. */
  noticeMs?: number;
}

/**
 * After the signal, the listener keeps serving this long while /readyz answers 503: a load balancer that
 * polls it (every second or so) takes the instance out of rotation before connections are refused.
 */
const NOTICE_MS = 1000;

interface Hook {
  name: string;
  fn: () => Promise<void>;
}

/**
 * While draining, keep-alive connections that go idle are closed this often: the listener's close ends
 * only those idle at that moment, and a connection whose request finishes later would otherwise hold the
 * drain until the client hangs up.
 */
const IDLE_CLOSE_EVERY_MS = 100;

// Process-wide: server.ts (its own module graph) drains, while hooks may be registered from modules that
// Next's bundles load again in theirs (lib/jobs/runner.ts), and all of them must see the same state.
const globalForShutdown = globalThis as unknown as {
  __smShutdown?: { draining: boolean; hooks: Hook[]; targets?: DrainTargets; starting?: Promise<unknown> };
};
function state() {
  globalForShutdown.__smShutdown ??= { draining: false, hooks: [] };
  return globalForShutdown.__smShutdown;
}

/**
 * Registers work to do at shutdown, after requests, sends and timers stopped and before the database
 * closes. One hook per name: a module that registers at load, and is loaded again in Next's module graph,
 * replaces its first hook instead of running twice.
 */
export function onShutdown(name: string, fn: () => Promise<void>): void {
  const { hooks } = state();
  const same = hooks.findIndex((h) => h.name === name);
  if (same >= 0) hooks[same] = { name, fn };
  else hooks.push({ name, fn });
}

/** Whether a shutdown began: /readyz answers 503, new work is not taken. */
export function isDraining(): boolean {
  return state().draining;
}

/** Names what a shutdown stops (server.ts, once the listener exists). */
export function drainWith(targets: DrainTargets): void {
  state().targets = targets;
}

/**
 * Names the start under way (server.ts): until it settles, a drain waits for it before stopping anything.
 * Its failure is the start's to report (server.ts exits 1), not the drain's.
 */
export function drainAfterStart(start: Promise<unknown>): void {
  const s = state();
  s.starting = start;
  const done = () => {
    if (s.starting === start) s.starting = undefined;
  };
  start.then(done, done);
}

/** For tests: forget hooks, targets and the draining state. */
export function resetShutdownForTests(): void {
  globalForShutdown.__smShutdown = undefined;
}

/**
 * Stops accepting; resolves once every connection ended (requests in flight answered). Idle keep-alive
 * connections are closed now and every IDLE_CLOSE_EVERY_MS until then (the caller clears `idle`).
 */
async function closeListener(
  server: DrainTargets['server'],
  noticeMs: number,
  idle: { timer?: NodeJS.Timeout },
): Promise<void> {
  // A listener stopped during the start never listened: no load balancer sent it anything to notice.
  if (noticeMs > 0 && server.listening) await new Promise((resolve) => setTimeout(resolve, noticeMs));
  return new Promise<void>((resolve) => {
    idle.timer = setInterval(() => server.closeIdleConnections(), IDLE_CLOSE_EVERY_MS);
    // An error here means it was not listening: nothing to wait for either way.
    server.close(() => resolve());
    server.closeIdleConnections();
  });
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/**
 * Drains this instance and exits (see the top of this file). Resolves after `exit` was called (tests
 * pass their own); the process's own exit never returns.
 */
export async function drainAndExit(signal: string, opts: DrainOptions = {}): Promise<void> {
  const s = state();
  const exit = opts.exit ?? ((code: number) => process.exit(code));
  if (s.draining) {
    logInfo(`shutdown: ${signal} again, exiting at once without finishing the drain`);
    s.targets?.server.closeAllConnections();
    exit(1);
    return;
  }
  s.draining = true;
  const graceMs = opts.graceMs ?? config().shutdownGraceMs;
  const noticeMs = opts.noticeMs ?? Math.min(NOTICE_MS, graceMs / 5);
  const started = Date.now();
  logInfo(`shutdown: ${signal} received, draining for up to ${seconds(graceMs)}; /readyz answers 503`);

  const starting = s.starting;
  const idle: { timer?: NodeJS.Timeout } = {};
  // Each step's name, as the log lines and the list of what a grace period cut short say it (what is
  // to stop is known once the start, if one is under way, stopped).
  const planned = starting ? ['start'] : [];
  const ended = new Set<string>();
  const step = async (name: string, fn: () => Promise<void>) => {
    try {
      await fn();
      logInfo(`shutdown: ${name} done after ${seconds(Date.now() - started)}`);
    } catch (err) {
      logError(`shutdown: ${name}`, err);
    } finally {
      ended.add(name);
    }
  };
  const drain = async () => {
    if (starting) await step('start', () => starting.then(() => undefined));
    const targets = s.targets;
    const together = targets
      ? {
          requests: () => closeListener(targets.server, noticeMs, idle),
          'delivery thread': () => targets.stopDelivery(),
          timers: () => targets.stopTimers(),
        }
      : {};
    const hooks = [...s.hooks];
    planned.push(...Object.keys(together), ...hooks.map((h) => h.name), ...(targets ? ['database'] : []));
    const inTurn = async () => {
      for (const hook of hooks) await step(hook.name, hook.fn);
    };
    await Promise.all([...Object.entries(together).map(([name, fn]) => step(name, fn)), inTurn()]);
    if (targets) await step('database', () => targets.closeDatabase());
  };

  let timer: NodeJS.Timeout | undefined;
  const finished = await Promise.race([
    drain().then(() => true),
    new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), graceMs);
    }),
  ]);
  clearTimeout(timer);
  clearInterval(idle.timer);
  if (finished) {
    logInfo(`shutdown: drained in ${seconds(Date.now() - started)}, exiting`);
  } else {
    logInfo(
      `shutdown: the grace period of ${seconds(graceMs)} is over; cut short: ${planned.filter((n) => !ended.has(n)).join(', ')}; open connections destroyed, exiting`,
    );
    s.targets?.server.closeAllConnections();
  }
  exit(0);
}
