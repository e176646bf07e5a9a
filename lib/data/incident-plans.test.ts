// The incident checks' and the paused claim's query plans, held with statistics present (the way
// query-plans.test.ts holds the history's): a generated history with a queue, ANALYZE, then every
// statement the checks and the worker send, through EXPLAIN QUERY PLAN. Each must seek an index; none
// may walk the deliveries table or a paused integration's queue.
import { beforeAll, describe, expect, it } from 'vitest';

// @ts-expect-error: a plain .mjs module of the benchmarks, without types
import { generateHistory } from '@/scripts/bench/history-data.mjs';

process.env.APP_SECRET_KEY ??= 'incident-plans-key-that-is-long-enough-1';

const { openDb, setDbForTests } = await import('@/db');
const { explainLogged, insertTestIntegration, logStatements, tempDbFiles } = await import('./test-helpers');
const { queueOf, outcomesSince, scanWebsiteActivity, countOutcomes } = await import('./incident-signals');
const { listIncidents, openIncidentCount, findOpenIncident } = await import('./incidents');
const { observeIncident, retryRefusedDuringIncident } = await import('./incident-writes');
const { dueDeliveryIds, pausedIntegrationIds } = await import('./delivery-due');
const { claimDeliveries } = await import('./delivery-state');
const { pauseSending } = await import('./sending-pause');

const file = tempDbFiles('incident-plans-')('console.db');
let logged: ReturnType<typeof logStatements>;
let client: ReturnType<typeof openDb>['$client'];
const NOW = Date.now();

beforeAll(() => {
  const first = openDb(file);
  insertTestIntegration(first, { isSandbox: true });
  first.$client.close();
  generateHistory(file, { rows: 30_000, resends: false, log: () => {} });
  const db = openDb(file);
  client = db.$client;
  // A queue: 3,000 waiting for integration 2 (to be paused), a few for the others.
  const queued = client.prepare(
    `insert into deliveries (integration_id, integration_name, source, type, contact, event_date, event, status, created_at, updated_at)
     values (?, 'x', 'website', 'VISIT', 'q@example.com', ?, '{}', 'queued', ?, ?)`,
  );
  client.transaction(() => {
    for (let i = 0; i < 3_000; i++) queued.run(2, NOW, NOW, NOW);
    for (const id of [1, 3, 4]) queued.run(id, NOW, NOW, NOW);
  })();
  client.exec('ANALYZE');
  logged = logStatements(client);
  setDbForTests(db);
}, 60_000);

/** The plans of the statements `run` sends, each with the arguments it ran with. */
async function plansOf(run: () => unknown): Promise<string[]> {
  logged.length = 0;
  await run();
  expect(logged.length).toBeGreaterThan(0);
  return explainLogged(client, logged);
}

const fullScan = /\bSCAN (deliveries|incidents|delivery_outcome_minutes)\b(?! USING)/;

describe('incident checks and the paused claim, with statistics (ANALYZE)', () => {
  it('the queue of one integration: its oldest and its count, on deliveries_queued_idx', async () => {
    const plans = await plansOf(async () => expect((await queueOf(2)).queued).toBe(3_000));
    expect(plans).toHaveLength(2);
    for (const plan of plans) {
      expect(plan).toMatch(/deliveries_queued_idx \(integration_id=\?\)/);
      expect(plan).not.toMatch(fullScan);
      expect(plan).not.toMatch(/TEMP B-TREE/);
    }
  });

  it('the failure rate: a range of minutes of one integration on the primary key', async () => {
    await countOutcomes(2, 'failed', 3, NOW);
    const [plan] = await plansOf(async () => await outcomesSince(2, Math.floor(NOW / 60_000) - 14));
    expect(plan).toMatch(
      /USING INDEX sqlite_autoindex_delivery_outcome_minutes_1 \(integration_id=\? AND minute>\?\)/,
    );
  });

  it('the website scan reads only the rows since the last one, never the history before', async () => {
    await scanWebsiteActivity(); // the first scan only notes where it starts
    const plans = await plansOf(async () => await scanWebsiteActivity());
    // Either plan starts at the last scan's id: by source, or per integration (a skip-scan that spares
    // the GROUP BY a sort). Both cost the rows written since, whatever the history's length.
    expect(plans.join('\n')).toMatch(
      /deliveries_source_idx \(source=\? AND rowid>\?\)|deliveries_integration_idx \(ANY\(integration_id\) AND id>\?\)/,
    );
    for (const plan of plans) expect(plan).not.toMatch(fullScan);
  });

  it('open incidents: the count, the list, one integration and cause, all on incidents_open_idx', async () => {
    const { incident } = await observeIncident(
      { integrationId: 2, cause: 'credentials', summary: 'refused', affected: 1, reason: 'auth-wrong-token' },
      NOW,
    );
    for (const run of [
      async () => await openIncidentCount(),
      async () => await listIncidents({ state: 'open', limit: 50 }),
      async () => await findOpenIncident(2, 'credentials'),
    ]) {
      const plans = await plansOf(run);
      expect(plans.join('\n')).toMatch(/incidents_open_idx/);
      for (const plan of plans) expect(plan).not.toMatch(fullScan);
    }
    // After the incident: the refused deliveries of this integration, per reason, on the failed index.
    const plans = await plansOf(
      async () => await retryRefusedDuringIncident({ ...incident, resolvedAt: NOW + 1 }, NOW + 1),
    );
    expect(plans.join('\n')).toMatch(/deliveries_failed_idx \(reason=\? AND integration_id=\?\)/);
    for (const plan of plans) expect(plan).not.toMatch(fullScan);
  });

  it('while an integration is paused, the worker seeks the queues of the others and never walks its queue', async () => {
    await pauseSending(3, { id: null, label: 'test' }, null, NOW);
    expect((await pausedIntegrationIds()).sort()).toEqual([2, 3]);
    let due: number[] = [];
    const plans = await plansOf(async () => (due = (await dueDeliveryIds(NOW + 1, 400)).map((r) => r.id)));
    // Integrations 1 and 4 had one queued delivery each; 2 and 3 are paused.
    expect(due).toHaveLength(2);
    const joined = plans.join('\n');
    expect(joined).toMatch(/deliveries_queued_idx \(integration_id=\?\)/);
    expect(joined).toMatch(/deliveries_due_idx/);
    for (const plan of plans) expect(plan).not.toMatch(fullScan);
    // The claim checks the pause again, and reads the incidents through their open index.
    const claim = await plansOf(() => claimDeliveries(due, 'worker', NOW + 1, 30_000));
    expect(claim.join('\n')).toMatch(/incidents_open_idx/);
    for (const plan of claim) expect(plan).not.toMatch(fullScan);
  });
});
