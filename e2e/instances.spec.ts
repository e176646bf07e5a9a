import net from 'node:net';
import path from 'node:path';
import pg from 'pg';

import { queueVisits } from './support/collector-load';
import {
  consoleNumber,
  consoleRows,
  possibleDuplicates,
  sandboxCopies,
  websiteStatusCounts,
} from './support/db';
import { DATA_DIR, PORT } from './support/env';
import { expect, test } from './support/fixtures';
import { startInstances, type Instance, type Instances } from './support/instances';
import { signIn } from './support/server-process';

// Two console instances on one PostgreSQL behind nginx (issue 18, "Done when"): work is shared and never
// doubled, a crash or a stop of either loses nothing, jobs and timers run once, sessions and sign-in
// limits hold whichever instance a request reaches. Each group starts its own pair on a fresh database.
// PostgreSQL only: the SQLite run leaves this file out (POSTGRES_ONLY in playwright.config.ts).

const ADMIN = { email: 'instances-admin@example.com', password: 'instances-password-1' };
const TOTAL = 2000;
const BATCH = 50;
const PORTS = [PORT + 11, PORT + 12];
const NGINX_PORT = PORT + 13;
const BASE_ENV = {
  ADMIN_EMAIL: ADMIN.email,
  ADMIN_PASSWORD: ADMIN.password,
  COLLECTOR_IP_PER_MINUTE: '1000000',
  COLLECTOR_ORIGIN_PER_MINUTE: '1000000',
};

/** A fresh pair for this test (a retry gets its own database, not the rows the failed try left). */
function pair(label: string, env: Record<string, string> = {}): Promise<Instances> {
  return startInstances({
    dataDir: path.join(DATA_DIR, `instances-${label}-${test.info().retry}`),
    ports: PORTS,
    nginxPort: NGINX_PORT,
    env: { ...BASE_ENV, ...env },
  });
}

/** JSON over HTTP with a session cookie, from any base URL (an instance's own, or nginx's). */
async function call<T>(
  baseUrl: string,
  cookie: string,
  method: string,
  url: string,
  body?: unknown,
): Promise<T> {
  const res = await fetch(baseUrl + url, {
    method,
    headers: { cookie, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  expect(res.status, `${method} ${url}: ${text}`).toBeLessThan(300);
  return JSON.parse(text) as T;
}

async function sandboxOf(baseUrl: string, cookie: string) {
  const { items } = await call<{
    items: Array<{ id: number; isSandbox: boolean; collector: { url: string } }>;
  }>(baseUrl, cookie, 'GET', '/api/integrations');
  return items.find((i) => i.isSandbox)!;
}

/**
 * TOTAL website events through the collector's URL (nginx: PUBLIC_URL), 100 at a time, each answered 202,
 * for the slow magic contact: every send takes 1.5 s, so sending is still under way when a test stops
 * an instance. Returns the requests each instance answered.
 */
async function queueThroughNginx(pairOf: Instances, cookie: string, marker: string) {
  const sandbox = await sandboxOf(pairOf.nginx.url, cookie);
  expect(sandbox.collector.url.startsWith(`${pairOf.nginx.url}/api/collect/`), sandbox.collector.url).toBe(
    true,
  );
  // The set-up through one instance; the events through the collector's URL, which is nginx's.
  await queueVisits(pairOf.instances[0]!, cookie, {
    total: TOTAL,
    email: () => 'sandbox+slow@example.com',
    marker,
  });
  return pairOf.nginx.requestsByInstance('/api/collect/');
}

/** The instances holding leases on website deliveries being sent now. */
async function sendingOwners(dataDir: string): Promise<string[]> {
  const rows = await consoleRows<{ owner: string }>(
    "select distinct lease_owner as owner from deliveries where status = 'sending' and source = 'website'",
    [],
    dataDir,
  );
  return rows.map((r) => r.owner).sort();
}

/** Waits until both instances hold leases (sending is shared and under way); returns every owner seen. */
async function waitUntilBothSend(dataDir: string): Promise<string[]> {
  const seen = new Set<string>();
  await expect
    .poll(
      async () => {
        for (const owner of await sendingOwners(dataDir)) seen.add(owner);
        return (await sendingOwners(dataDir)).length;
      },
      { timeout: 60_000, intervals: [50] },
    )
    .toBe(2);
  return [...seen].sort();
}

/** The website deliveries being sent now, each with the instance holding its lease. */
const websiteSending = async (dataDir: string) =>
  new Map(
    (
      await consoleRows<{ id: number; owner: string }>(
        "select id, lease_owner as owner from deliveries where status = 'sending' and source = 'website'",
        [],
        dataDir,
      )
    ).map((r) => [r.id, r.owner]),
  );

const flaggedIds = async (dataDir: string) =>
  (
    await consoleRows<{ id: number }>(
      "select id from deliveries where possible_duplicate and source = 'website'",
      [],
      dataDir,
    )
  ).map((r) => r.id);

/**
 * A fresh pair sending TOTAL events accepted through nginx (each instance accepted a fair share: round
 * robin), once both instances hold leases. Returns the pair, its instances, the events' marker and the
 * lease owners seen so far. The pair is stopped if this fails; otherwise the test stops it.
 */
async function sendingPair(label: string) {
  const two = await pair(label, { DELIVERY_TIMEOUT_MS: '4000', DELIVERY_BATCH_SIZE: String(BATCH) });
  const [a, b] = two.instances as [Instance, Instance];
  try {
    const cookie = await signIn(two.nginx.url, ADMIN.email, ADMIN.password);
    const marker = `instances-${label}-${Date.now()}`;
    const byInstance = await queueThroughNginx(two, cookie, marker);
    for (const instance of [a, b])
      expect(byInstance[instance.port], JSON.stringify(byInstance)).toBeGreaterThan(TOTAL / 4);
    const owners = await waitUntilBothSend(two.dataDir);
    return { two, a, b, marker, owners };
  } catch (error) {
    await two.stop();
    throw error;
  }
}

test.describe('deliveries shared by two instances', () => {
  test(`${TOTAL} events through nginx: one instance SIGKILLed mid-sending, the other sends the rest, none lost, only its attempts in flight possibly twice`, async () => {
    test.setTimeout(150_000);
    const { two, a, b, marker, owners } = await sendingPair('kill');
    try {
      await a.kill();
      // What A was sending when it died: the only deliveries that may reach the sandbox twice (B's
      // leases of the moment are in this too, and B settles them as usual).
      const inFlightAtKill = await websiteSending(two.dataDir);
      const atKill = await websiteStatusCounts(two.dataDir);
      expect(atKill.succeeded ?? 0, JSON.stringify(atKill)).toBeLessThan(TOTAL);

      // B alone finishes everything, A's expired leases included.
      await expect
        .poll(() => websiteStatusCounts(two.dataDir), { timeout: 90_000, intervals: [1000] })
        .toEqual({ succeeded: TOTAL });
      const { events, copies } = await sandboxCopies(two.dataDir, `${marker}-%`);
      expect(events).toBe(TOTAL);
      const flagged = await flaggedIds(two.dataDir);
      expect(copies - TOTAL).toBeLessThanOrEqual(flagged.length);
      expect(flagged.filter((id) => !inFlightAtKill.has(id))).toEqual([]);
      // …all of them leased by one instance, the one killed: the leases carry the instances' names
      // (INSTANCE_NAME), so whose work is whose can be told.
      expect(flagged.filter((id) => inFlightAtKill.get(id) !== a.name)).toEqual([]);
      expect(owners).toEqual([a.name, b.name]);
    } finally {
      await two.stop();
    }
  });

  test(`${TOTAL} events through nginx: one instance SIGTERMed mid-sending drains (/readyz 503) and exits 0, nothing possibly duplicated`, async () => {
    test.setTimeout(120_000);
    const { two, a, b, marker } = await sendingPair('term');
    try {
      // A request begun before the signal (its headers not finished) is still answered while A drains.
      const pending = beginRequest(a.port, '/readyz');
      await pending.started;
      const exited = new Promise<number | null>((resolve) => a.child.once('exit', (code) => resolve(code)));
      a.child.kill('SIGTERM');
      await new Promise((r) => setTimeout(r, 300));
      expect(await pending.finish()).toBe(503);
      expect((await fetch(`${b.baseUrl}/readyz`)).status).toBe(200);
      expect(await exited).toBe(0);
      const atStop = await websiteStatusCounts(two.dataDir);
      expect(atStop.succeeded ?? 0, JSON.stringify(atStop)).toBeLessThan(TOTAL);

      await expect
        .poll(() => websiteStatusCounts(two.dataDir), { timeout: 60_000, intervals: [1000] })
        .toEqual({ succeeded: TOTAL });
      expect(await sandboxCopies(two.dataDir, `${marker}-%`)).toEqual({ events: TOTAL, copies: TOTAL });
      expect(await possibleDuplicates(two.dataDir)).toBe(0);
    } finally {
      await two.stop();
    }
  });
});

/**
 * An HTTP request whose last header line is held back: the connection is busy (a drain waits for it, and
 * no new connection is needed), and `finish()` completes it, resolving with the status.
 */
function beginRequest(port: number, url: string) {
  const socket = net.connect(port, '127.0.0.1');
  let answer = '';
  socket.on('data', (chunk) => (answer += chunk.toString()));
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  socket.on('error', () => undefined);
  const started = new Promise<void>((resolve) =>
    socket.once('connect', () => {
      socket.write(`GET ${url} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n`);
      resolve();
    }),
  );
  return {
    started,
    async finish(): Promise<number> {
      socket.write('\r\n');
      await closed;
      return Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? 0);
    },
  };
}

test.describe('jobs shared by two instances', () => {
  const ROWS = 20_000;

  test('a backfill import and a bulk retry started on one instance finish on the other after it is killed', async () => {
    test.setTimeout(150_000);
    const two = await pair('jobs');
    const [a, b] = two.instances as [Instance, Instance];
    const locker = new pg.Client({ connectionString: two.databaseUrl });
    try {
      const cookie = await signIn(a.baseUrl, ADMIN.email, ADMIN.password);
      const sandbox = await sandboxOf(a.baseUrl, cookie);
      // Deliveries to retry: the sandbox answers 500 for this contact, so they wait for their next attempt.
      for (let i = 0; i < 5; i++)
        await call(a.baseUrl, cookie, 'POST', `/api/integrations/${sandbox.id}/events`, {
          type: 'VISIT',
          email: 'sandbox+500@example.com',
          description: `to retry ${i}`,
        });
      const lines = ['order_id,email,created_at,total'];
      for (let i = 0; i < ROWS; i++)
        lines.push(`J-${i},jobs${i % 10}@example.com,2025-05-01 12:00,${i % 100}.5`);
      const uploaded = await fetch(`${a.baseUrl}/api/backfill?integrationId=${sandbox.id}`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'text/csv' },
        body: `${lines.join('\n')}\n`,
      });
      expect(uploaded.status).toBe(201);
      const backfill = (await uploaded.json()) as { id: number; suggested: { mapping: unknown } };

      // Both jobs start on A, and are held mid-way: the test holds the rows their next writes need (the
      // import's progress on its job, the retry's deliveries), so neither can finish before A dies.
      await locker.connect();
      await call(a.baseUrl, cookie, 'POST', `/api/backfill/${backfill.id}/start`, {
        mapping: backfill.suggested.mapping,
        options: { delimiter: ',', header: true, timeZone: 'Europe/Warsaw' },
      });
      await locker.query('begin');
      await locker.query('select id from jobs where id = $1 for update', [backfill.id]);
      await locker.query("select id from deliveries where contact = 'sandbox+500@example.com' for update");
      const { job: retry } = await call<{ job: { id: number; total: number } }>(
        a.baseUrl,
        cookie,
        'POST',
        '/api/deliveries/bulk-retry',
        { filters: { q: 'sandbox+500@example.com' } },
      );
      expect(retry.total).toBe(5);
      await a.kill();
      await locker.query('rollback');

      const job = (id: number) =>
        call<{ status: string; processed: number }>(b.baseUrl, cookie, 'GET', `/api/jobs/${id}`);
      expect(
        (await call<{ processed: number }>(b.baseUrl, cookie, 'GET', `/api/backfill/${backfill.id}`))
          .processed,
      ).toBeLessThan(ROWS);
      await expect.poll(async () => (await job(retry.id)).status, { timeout: 90_000 }).toBe('succeeded');
      await expect
        .poll(
          async () =>
            (await call<{ status: string }>(b.baseUrl, cookie, 'GET', `/api/backfill/${backfill.id}`)).status,
          {
            timeout: 90_000,
          },
        )
        .toBe('succeeded');
      expect(await job(retry.id)).toMatchObject({ processed: 5 });
      const [written] = await consoleRows<{ rows: number; distinct_ids: number }>(
        "select count(*) as rows, count(distinct external_id) as distinct_ids from deliveries where source = 'backfill'",
        [],
        two.dataDir,
      );
      expect(written).toEqual({ rows: ROWS, distinct_ids: ROWS });
    } finally {
      await locker.end().catch(() => undefined);
      await two.stop();
    }
  });
});

test.describe('one console whichever instance answers', () => {
  // One pair for these checks: each is quick, and a pair's start is not (a failed test's worker is
  // replaced, and the tests after it get a pair of their own).
  let two: Instances;
  let cookieFromA: string;
  test.beforeAll(async () => {
    test.setTimeout(60_000);
    two = await pair('shared', { TEST_CLOCK: '1' });
    cookieFromA = await signIn(two.instances[0]!.baseUrl, ADMIN.email, ADMIN.password);
  });
  test.afterAll(async () => {
    await two?.stop();
  });

  test('a session made on one instance works on the other', async () => {
    const [, b] = two.instances as [Instance, Instance];
    const me = await call<{ user: { email: string } }>(b.baseUrl, cookieFromA, 'GET', '/api/auth/me');
    expect(me.user.email).toBe(ADMIN.email);
    // Signed out on B: the session is gone on A too.
    const out = await fetch(`${b.baseUrl}/api/auth/logout`, {
      method: 'POST',
      headers: { cookie: cookieFromA },
    });
    expect(out.status).toBeLessThan(300);
    expect(
      (await fetch(`${two.instances[0]!.baseUrl}/api/auth/me`, { headers: { cookie: cookieFromA } })).status,
    ).toBe(401);
    cookieFromA = await signIn(two.instances[0]!.baseUrl, ADMIN.email, ADMIN.password);
  });

  test('a password guessed on both instances in turn is limited at the same count as on one', async () => {
    const victim = 'guessed@example.com';
    await call(two.nginx.url, cookieFromA, 'POST', '/api/users', {
      email: victim,
      name: 'Guessed',
      password: 'guessed-password-1',
      role: 'viewer',
    });
    const guess = (instance: Instance, i: number) =>
      fetch(`${instance.baseUrl}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: victim, password: `wrong-${i}` }),
      }).then((r) => r.status);
    // lib/auth/login-limit.ts: ten free failures per account from browsers it does not know, then waits.
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) statuses.push(await guess(two.instances[i % 2]!, i));
    expect(statuses).toEqual(Array(10).fill(401));
    for (const instance of two.instances) expect(await guess(instance, 99)).toBe(429);
  });

  test('a scheduled credential check runs once per tick with both instances up, and while either is down', async () => {
    test.setTimeout(90_000);
    const SIX_HOURS = 6 * 3_600_000;
    const checks = () => consoleNumber('select count(*) from verifications', [], two.dataDir);
    /** Each instance's timers' clock is its own: the test moves them together, by the same amounts. */
    const offsets = two.instances.map(() => 0);
    const move = async (i: number, advanceMs: number) => {
      offsets[i]! += advanceMs;
      return call<{ now: number }>(two.instances[i]!.baseUrl, cookieFromA, 'POST', '/api/test/clock', {
        advanceMs,
      });
    };

    // Each step six hours on, on both instances at once, so both race for the same tick: the sandbox's
    // credentials are then due (lib/incidents/rules.ts), and exactly one check may run per step. Two
    // instances each running the tick would both find the check due and both record one.
    const before = await checks();
    const ROUNDS = 3;
    for (let round = 1; round <= ROUNDS; round++) {
      await Promise.all(two.instances.map((_, i) => move(i, SIX_HOURS)));
      await expect.poll(checks, { timeout: 10_000 }).toBe(before + round);
    }
    // Nothing late either (a poll's run of the same tick would land after the route's answer).
    await new Promise((r) => setTimeout(r, 1500));
    expect(await checks()).toBe(before + ROUNDS);

    // With B down, A runs the next tick; with A down (B back), B runs the one after.
    const [a, b] = two.instances as [Instance, Instance];
    await b.kill();
    await move(0, SIX_HOURS);
    await expect.poll(checks, { timeout: 10_000 }).toBe(before + ROUNDS + 1);

    await two.restart(1);
    cookieFromA = await signIn(two.instances[1]!.baseUrl, ADMIN.email, ADMIN.password);
    await a.kill();
    // The restarted B's clock starts at the real time: brought to where A's was, and six hours further.
    offsets[1] = 0;
    await move(1, offsets[0]! + SIX_HOURS);
    await expect.poll(checks, { timeout: 10_000 }).toBe(before + ROUNDS + 2);
    await two.restart(0);
  });

  test('each instance answers /readyz with 200 while it is up', async () => {
    for (const instance of two.instances)
      expect((await fetch(`${instance.baseUrl}/readyz`)).status, instance.name).toBe(200);
  });
});
