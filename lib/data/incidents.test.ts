import { beforeEach, describe, expect, it } from 'vitest';

import { schema } from '@/db';
import { PG_TEST_TIMEOUT } from '@/db/test-helpers';
import { db } from './engine';
import {
  acknowledgeIncident,
  clearIncident,
  noteCredentialsRefusal,
  noteWaitingDuringIncident,
  observeIncident,
  resolveIncident,
  resolveIncidentsOfIntegration,
} from './incident-writes';
import {
  findOpenIncident,
  getIncident,
  listIncidents,
  openIncidentCount,
  openIncidentsByIntegration,
} from './incidents';
import { pauseSending, resumeSending, sendingState } from './sending-pause';
import { ENGINES, addTestIntegration, testOnEngine } from './test-helpers';

const ANA = { id: null, label: 'Ana' };
const T0 = 1_800_000_000_000;
let shop: number;

describe.each(ENGINES)('incidents on %s', { timeout: PG_TEST_TIMEOUT }, (kind) => {
  testOnEngine(kind);
  beforeEach(async () => {
    shop = await addTestIntegration({ name: 'Shop' });
  });

  const backlog = (affected: number, details?: Record<string, unknown>) => ({
    integrationId: shop,
    cause: 'backlog' as const,
    summary: `${affected} waiting`,
    affected,
    details,
  });

  it('one unresolved incident per integration and cause: observing again refreshes it, the count never drops', async () => {
    const first = await observeIncident(backlog(5, { a: 1 }), T0);
    expect(first).toMatchObject({ opened: true, incident: { integrationName: 'Shop', state: 'open' } });
    const again = await observeIncident(backlog(3, { b: 2 }), T0 + 60_000);
    expect(again.opened).toBe(false);
    expect(again.incident).toMatchObject({
      id: first.incident.id,
      affected: 5,
      summary: '3 waiting',
      lastSeenAt: T0 + 60_000,
      details: { a: 1, b: 2 },
    });
    expect(await openIncidentCount()).toBe(1);
    expect((await findOpenIncident(shop, 'backlog'))?.id).toBe(first.incident.id);
    expect(await findOpenIncident(shop, 'credentials')).toBeUndefined();
  });

  it('observers at the same moment share one incident (on PostgreSQL each runs on its own connection)', async () => {
    const results = await Promise.all([1, 2, 3].map((n) => observeIncident(backlog(n), T0 + n)));
    expect(results.filter((r) => r.opened)).toHaveLength(1);
    expect(new Set(results.map((r) => r.incident.id)).size).toBe(1);
    expect(await openIncidentCount()).toBe(1);
    expect((await findOpenIncident(shop, 'backlog'))?.affected).toBe(3);
  });

  it('acknowledge, then resolve by hand, each once; the timeline keeps the order and who', async () => {
    const { incident } = await observeIncident(backlog(1), T0);
    await acknowledgeIncident(incident.id, ANA, T0 + 1);
    await expect(acknowledgeIncident(incident.id, ANA, T0 + 2)).rejects.toThrow(
      /already acknowledged by Ana/,
    );
    await resolveIncident(incident.id, ANA, 'fixed', T0 + 3);
    await expect(resolveIncident(incident.id, ANA, null, T0 + 4)).rejects.toThrow(/already resolved/);
    const detail = await getIncident(incident.id);
    expect(detail).toMatchObject({ state: 'resolved', resolvedByLabel: 'Ana', waitingNow: null });
    expect(detail.timeline.map((e) => [e.kind, e.actorLabel, e.message])).toEqual([
      ['opened', null, '1 waiting'],
      ['acknowledged', 'Ana', 'Acknowledged by Ana.'],
      ['resolved', 'Ana', 'Resolved by Ana: fixed'],
    ]);
    expect(await openIncidentCount()).toBe(0);
    await expect(getIncident(incident.id + 100)).rejects.toThrow(/does not exist/);
  });

  it('people acknowledging and resolving at the same moment: one of each wins (each on its own connection on PostgreSQL)', async () => {
    const { incident } = await observeIncident(backlog(1), T0);
    const people = ['Ana', 'Ben', 'Cy', 'Di'].map((label) => ({ id: null, label }));
    const acks = await Promise.allSettled(people.map((p, n) => acknowledgeIncident(incident.id, p, T0 + n)));
    expect(acks.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const resolves = await Promise.allSettled(
      people.map((p, n) => resolveIncident(incident.id, p, null, T0 + 10 + n)),
    );
    expect(resolves.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const kinds = (await getIncident(incident.id)).timeline.map((e) => e.kind);
    expect(kinds).toEqual(['opened', 'acknowledged', 'resolved']);
  });

  it('an unresolved backlog incident tells how many deliveries wait now', async () => {
    const { incident } = await observeIncident(backlog(1), T0);
    const waiting = { integrationId: shop, integrationName: 'Shop', source: 'api' as const, type: 'VISIT' };
    await db()
      .insert(schema.deliveries)
      .values(
        [0, 1, 2].map((n) => ({
          ...waiting,
          contact: `c${n}@example.com`,
          eventDate: T0,
          event: {},
          status: n < 2 ? ('queued' as const) : ('succeeded' as const),
          createdAt: T0,
          updatedAt: T0,
        })),
      );
    expect((await getIncident(incident.id)).waitingNow).toBe(2);
    await noteWaitingDuringIncident(incident, 7);
    expect(await findOpenIncident(shop, 'backlog')).toMatchObject({ affected: 7, details: { waiting: 7 } });
  });

  it('clearing resolves by itself; lists page newest first by state and integration', async () => {
    const other = await addTestIntegration({ name: 'Other' });
    const a = (await observeIncident(backlog(1), T0)).incident;
    const b = (await observeIncident({ ...backlog(1), cause: 'failure-rate' }, T0)).incident;
    const c = (await observeIncident({ ...backlog(1), integrationId: other }, T0)).incident;
    expect(await clearIncident(shop, 'backlog', T0 + 5, 'The queue drained.')).toMatchObject({
      id: a.id,
      state: 'resolved',
      resolvedByLabel: null,
    });
    expect(await clearIncident(shop, 'backlog', T0 + 6, 'again')).toBeUndefined();
    const page = await listIncidents({ state: 'open', limit: 1 });
    expect(page.items.map((i) => i.id)).toEqual([c.id]);
    const next = await listIncidents({ state: 'open', limit: 1, cursor: page.nextCursor! });
    expect(next).toEqual({ items: [expect.objectContaining({ id: b.id })], nextCursor: null });
    expect((await listIncidents({ state: 'past', limit: 5 })).items.map((i) => i.id)).toEqual([a.id]);
    expect((await listIncidents({ state: 'open', limit: 5, integrationId: other })).items).toHaveLength(1);
    const byIntegration = await openIncidentsByIntegration();
    expect([...byIntegration.keys()].sort()).toEqual([shop, other].sort());
    expect((await openIncidentsByIntegration(other)).get(shop)).toBeUndefined();
  });

  it('deleting an integration resolves its unresolved incidents, by who deleted it', async () => {
    await observeIncident(backlog(1), T0);
    await observeIncident({ ...backlog(1), cause: 'failure-rate' }, T0);
    expect(await resolveIncidentsOfIntegration(shop, ANA, T0 + 1)).toBe(2);
    const [latest] = (await listIncidents({ state: 'past', limit: 1 })).items;
    expect((await getIncident(latest!.id)).timeline.at(-1)?.message).toBe(
      'Resolved because Ana deleted the integration.',
    );
    expect(await resolveIncidentsOfIntegration(shop, ANA, T0 + 2)).toBe(0);
  });

  it('refusals open the credentials incident, which pauses sending until it is resolved', async () => {
    await noteCredentialsRefusal(shop, 'auth-wrong-token', 2, T0);
    await noteCredentialsRefusal(shop, 'auth-wrong-token', 3, T0 + 1);
    const open = await findOpenIncident(shop, 'credentials');
    expect(open).toMatchObject({ affected: 5, details: { refused: 5, lastRefusalAt: T0 + 1 } });
    expect(await sendingState(shop)).toMatchObject({ paused: true, pausedBy: 'credentials', since: T0 });
    expect((await getIncident(open!.id)).timeline.map((e) => e.kind)).toEqual(['opened', 'paused']);
    await clearIncident(shop, 'credentials', T0 + 2, 'The credentials work again.');
    expect(await sendingState(shop)).toMatchObject({ paused: false, pausedBy: null });
  });

  it('refusals counted at the same moment by several instances all count; the waiting count keeps them', async () => {
    await Promise.all([2, 3, 4, 5].map((n) => noteCredentialsRefusal(shop, 'auth-wrong-token', n, T0 + n)));
    const open = await findOpenIncident(shop, 'credentials');
    expect(open).toMatchObject({ details: { refused: 14 } });
    // The minute's check read the incident before the refusals: its waiting count must not undo them.
    await noteWaitingDuringIncident({ ...open!, details: {}, affected: 0 }, 6);
    expect(await findOpenIncident(shop, 'credentials')).toMatchObject({
      affected: 20,
      details: { refused: 14, waiting: 6 },
    });
  });

  it('pause and resume by hand, once each, noted on the unresolved incidents', async () => {
    const { incident } = await observeIncident(backlog(1), T0);
    await pauseSending(shop, ANA, 'maintenance', T0 + 1);
    await expect(pauseSending(shop, ANA, null, T0 + 2)).rejects.toThrow(/already paused/);
    expect(await sendingState(shop)).toMatchObject({
      paused: true,
      pausedBy: 'hand',
      byLabel: 'Ana',
      note: 'maintenance',
      since: T0 + 1,
    });
    await resumeSending(shop, ANA, T0 + 3);
    await expect(resumeSending(shop, ANA, T0 + 4)).rejects.toThrow(/not paused by hand/);
    expect((await sendingState(shop)).paused).toBe(false);
    expect((await getIncident(incident.id)).timeline.map((e) => e.message)).toEqual([
      '1 waiting',
      'Sending paused by Ana: maintenance',
      'Sending resumed by Ana.',
    ]);
    expect(await sendingState(shop + 100)).toMatchObject({ paused: false });
  });
});
