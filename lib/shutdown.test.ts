import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import {
  drainAfterStart,
  drainAndExit,
  drainWith,
  isDraining,
  onShutdown,
  resetShutdownForTests,
  type DrainTargets,
} from './shutdown';

/** A promise with its resolve, for steps the test finishes when it wants. */
function later() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

const tick = () => new Promise((r) => setTimeout(r, 5));

let events: string[];
let logs: string[];

/** A listener that ends when the test says its last connection closed. */
function fakeServer() {
  const closed = later();
  return {
    closed,
    listening: true,
    close: vi.fn((done?: (err?: Error) => void) => {
      events.push('listener closing');
      void closed.promise.then(() => done?.());
    }),
    closeIdleConnections: vi.fn(),
    closeAllConnections: vi.fn(() => events.push('connections destroyed')),
  };
}

/** Drain targets that stop at once, but for the listener (the test closes it) and what `parts` replace. */
function drainFake(parts: Partial<Omit<DrainTargets, 'server'>> = {}) {
  const server = fakeServer();
  drainWith({
    server,
    stopDelivery: async () => undefined,
    stopTimers: async () => undefined,
    closeDatabase: async () => undefined,
    ...parts,
  });
  return server;
}

beforeEach(() => {
  resetShutdownForTests();
  events = [];
  logs = [];
  vi.spyOn(console, 'log').mockImplementation((line: string) => void logs.push(line));
  vi.spyOn(console, 'error').mockImplementation((line: string) => void logs.push(line));
});
afterEach(() => {
  vi.restoreAllMocks();
  resetShutdownForTests();
});

describe('drainAndExit', () => {
  it('drains in order: 503 at once, then listener, sends, timers and the hooks in turn together, database, exit 0', async () => {
    const server = fakeServer();
    const delivery = later();
    const timers = later();
    drainWith({
      server,
      stopDelivery: () => (events.push('delivery stopping'), delivery.promise),
      stopTimers: () => (events.push('timers stopping'), timers.promise),
      closeDatabase: async () => void events.push('database closed'),
    });
    onShutdown('jobs', async () => void events.push('jobs released'));
    onShutdown('second hook', async () => void events.push('second hook'));
    const exits: number[] = [];

    const done = drainAndExit('SIGTERM', { graceMs: 5000, noticeMs: 0, exit: (code) => exits.push(code) });
    expect(isDraining()).toBe(true);
    await tick();
    // All began together, the hooks one after the other (a slow send does not hold the jobs' hand-over);
    // the database waits for every one of them.
    const beforeDatabase = [
      'listener closing',
      'delivery stopping',
      'timers stopping',
      'jobs released',
      'second hook',
    ];
    expect(events).toEqual(beforeDatabase);
    expect(server.closeIdleConnections).toHaveBeenCalled();
    delivery.resolve();
    timers.resolve();
    await tick();
    expect(events).not.toContain('database closed');
    server.closed.resolve();
    await done;

    expect(events).toEqual([...beforeDatabase, 'database closed']);
    expect(exits).toEqual([0]);
    expect(server.closeAllConnections).not.toHaveBeenCalled();
    // One line per step, the first saying /readyz turned 503, the last that it exits.
    expect(logs[0]).toMatch(/shutdown: SIGTERM received, draining for up to 5\.0 s; \/readyz answers 503/);
    for (const name of ['requests', 'delivery thread', 'timers', 'jobs', 'second hook', 'database'])
      expect(logs.some((l) => l.includes(`shutdown: ${name} done after`))).toBe(true);
    expect(logs.at(-1)).toMatch(/shutdown: drained in \d+\.\d s, exiting/);
  });

  it('keeps serving for a short notice after the signal, so a load balancer polling /readyz sees 503', async () => {
    const server = drainFake({ stopDelivery: async () => void events.push('delivery stopped') });
    // By default a fifth of the grace period, at most a second.
    const done = drainAndExit('SIGTERM', { graceMs: 1000, exit: () => undefined });
    await new Promise((r) => setTimeout(r, 150));
    expect(isDraining()).toBe(true);
    expect(events).toEqual(['delivery stopped']);
    await new Promise((r) => setTimeout(r, 100));
    expect(events).toEqual(['delivery stopped', 'listener closing']);
    server.closed.resolve();
    await done;
  });

  it('keeps closing keep-alive connections that go idle while requests finish', async () => {
    const server = drainFake();
    const done = drainAndExit('SIGTERM', { graceMs: 5000, noticeMs: 0, exit: () => undefined });
    await new Promise((r) => setTimeout(r, 350));
    // Once at the close, then every 100 ms.
    expect(server.closeIdleConnections.mock.calls.length).toBeGreaterThanOrEqual(3);
    server.closed.resolve();
    await done;
  });

  it('past the grace period exits 0 anyway, destroys open connections and names what was cut short', async () => {
    const databaseClosed = vi.fn(async () => undefined);
    const server = drainFake({
      stopDelivery: () => new Promise<void>(() => undefined), // a send that never answers
      closeDatabase: databaseClosed,
    });
    const jobs = vi.fn(async () => undefined);
    onShutdown('jobs', jobs);
    const exits: number[] = [];
    const started = Date.now();
    await drainAndExit('SIGTERM', { graceMs: 200, noticeMs: 0, exit: (code) => exits.push(code) });

    expect(Date.now() - started).toBeGreaterThanOrEqual(195);
    expect(exits).toEqual([0]);
    expect(server.closeAllConnections).toHaveBeenCalled();
    // The send that never answers did not hold up the jobs' hand-over: another instance takes them now.
    expect(jobs).toHaveBeenCalled();
    expect(databaseClosed).not.toHaveBeenCalled();
    expect(logs.at(-1)).toMatch(
      /the grace period of 0\.2 s is over; cut short: requests, delivery thread, database; open connections destroyed, exiting$/,
    );
  });

  it('runs one hook per name: registering a name again replaces its hook, in its place', async () => {
    onShutdown('jobs', async () => void events.push('jobs, first module graph'));
    onShutdown('mail', async () => void events.push('mail'));
    onShutdown('jobs', async () => void events.push('jobs, second module graph'));
    await drainAndExit('SIGTERM', { graceMs: 1000, exit: () => undefined });
    expect(events).toEqual(['jobs, second module graph', 'mail']);
  });

  it('a failing hook is logged and the others still run', async () => {
    onShutdown('jobs', async () => {
      throw new Error('the lease release failed');
    });
    const after = vi.fn(async () => undefined);
    onShutdown('after', after);
    const exits: number[] = [];
    await drainAndExit('SIGINT', { graceMs: 1000, exit: (code) => exits.push(code) });
    expect(after).toHaveBeenCalled();
    expect(exits).toEqual([0]);
    expect(logs).toContain('[console] shutdown: jobs: Error: the lease release failed');
  });

  it("a signal during the start waits for the start's current step, then drains what it made, exit 0", async () => {
    const step = later();
    // What server.ts does: targets first, then steps that look at isDraining() before each next one.
    const server = drainFake({ closeDatabase: async () => void events.push('database closed') });
    // It never listened: closed without the notice a load balancer would need (a second here).
    server.listening = false;
    const start = (async () => {
      events.push('migrating');
      await step.promise;
      events.push('migrated');
      if (isDraining()) return;
      events.push('jobs started');
    })();
    drainAfterStart(start);
    const exits: number[] = [];
    const done = drainAndExit('SIGTERM', { graceMs: 5000, noticeMs: 1000, exit: (code) => exits.push(code) });
    // A hook the start registered before the signal runs (the jobs' hand-over).
    onShutdown('jobs', async () => void events.push('jobs released'));
    await tick();
    expect(isDraining()).toBe(true);
    // Nothing is stopped under the step's feet: the database stays open until it is done.
    expect(events).toEqual(['migrating']);
    step.resolve();
    await tick();
    expect(events).toContain('listener closing');
    server.closed.resolve();
    await done;
    expect(events).toEqual(['migrating', 'migrated', 'listener closing', 'jobs released', 'database closed']);
    expect(exits).toEqual([0]);
    expect(logs.some((l) => l.includes('shutdown: start done after'))).toBe(true);
    expect(logs.at(-1)).toMatch(/shutdown: drained in \d+\.\d s, exiting/);
  });

  it('a start that is over is no step of a later drain; one that outlasts the grace period is cut short', async () => {
    drainAfterStart(Promise.resolve());
    await tick();
    await drainAndExit('SIGTERM', { graceMs: 1000, exit: () => undefined });
    expect(logs.some((l) => l.includes('shutdown: start'))).toBe(false);

    resetShutdownForTests();
    drainFake();
    drainAfterStart(new Promise(() => undefined)); // a migration that never ends
    const exits: number[] = [];
    await drainAndExit('SIGTERM', { graceMs: 200, exit: (code) => exits.push(code) });
    expect(exits).toEqual([0]);
    expect(logs.at(-1)).toMatch(/the grace period of 0\.2 s is over; cut short: start; open connections/);
  });

  it('a second signal exits at once, with code 1', async () => {
    const server = drainFake();
    const exits: number[] = [];
    const first = drainAndExit('SIGTERM', { graceMs: 5000, noticeMs: 0, exit: (code) => exits.push(code) });
    await tick();
    await drainAndExit('SIGINT', { exit: (code) => exits.push(code) });
    expect(exits).toEqual([1]);
    expect(server.closeAllConnections).toHaveBeenCalled();
    expect(logs.at(-1)).toMatch(/shutdown: SIGINT again, exiting at once/);
    server.closed.resolve();
    await first;
  });
});
