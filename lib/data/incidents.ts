import 'server-only';
import { and, asc, count, desc, eq, lt, sql } from 'drizzle-orm';

import { schema } from '@/db';
import type { IncidentCause, IncidentState } from '@/db/enums';
import { incidentText } from '@/lib/incidents/describe';
import type { DeliveryFilters } from '@/lib/validations/delivery';
import { filtersToSearchParams } from '@/lib/validations/delivery-params';
import type { IncidentFilters } from '@/lib/validations/incident';
import { NotFoundError } from '@/lib/errors';
import { db, rowsForUpdate } from './engine';
import { queueOf } from './incident-signals';

type IncidentRow = typeof schema.incidents.$inferSelect;

export interface IncidentEventView {
  id: number;
  at: number;
  kind: string;
  /** Who did it; null when the console did it by itself. */
  actorLabel: string | null;
  message: string;
}

/** One incident as the screens and the JSON API see it. Holds no secret, sha or contact. */
export interface IncidentView {
  id: number;
  integrationId: number | null;
  integrationName: string;
  cause: IncidentCause;
  state: IncidentState;
  /** The decoded SALESmanago reason behind it, if any (lib/salesmanago/messages.ts). */
  reason: string | null;
  /** The headline and what to do, in plain words. */
  title: string;
  fix: string;
  /** What was seen, as a sentence. */
  summary: string;
  firstSeenAt: number;
  lastSeenAt: number;
  affected: number;
  acknowledgedByLabel: string | null;
  acknowledgedAt: number | null;
  resolvedAt: number | null;
  /** Null while open, and when it resolved by itself. */
  resolvedByLabel: string | null;
  /** The history filtered to what it is about. */
  historyHref: string;
}

export interface IncidentDetail extends IncidentView {
  /** Opened, acknowledged, resolved, sending paused or resumed..., oldest first. */
  timeline: IncidentEventView[];
  details: Record<string, unknown>;
  /** While a credentials or backlog incident is unresolved: deliveries of the integration waiting now. */
  waitingNow: number | null;
}

const HOUR_MS = 3_600_000;
/** Causes whose deliveries wait in the queue while they last (the checks count them once a minute). */
const WAITING_CAUSES = new Set<IncidentCause>(['credentials', 'backlog']);

/** The deliveries an incident is about, as a history filter. */
function historyFilters(row: IncidentRow): Partial<DeliveryFilters> {
  const base = { integrationId: row.integrationId ?? undefined, to: row.resolvedAt ?? undefined };
  const windowMs = Number((row.details as { windowMinutes?: number } | null)?.windowMinutes ?? 0) * 60_000;
  switch (row.cause) {
    case 'credentials':
      return { ...base, status: ['failed', 'queued'], from: row.firstSeenAt - HOUR_MS };
    case 'failure-rate':
      return { ...base, status: ['failed', 'retrying'], from: row.firstSeenAt - windowMs };
    case 'backlog':
      return { ...base, status: ['queued'] };
    case 'website-silent':
      return { ...base, source: ['website'] };
    case 'snippet-gone':
      return base;
  }
}

export function toIncidentView(row: IncidentRow): IncidentView {
  const params = filtersToSearchParams(historyFilters(row));
  return {
    id: row.id,
    integrationId: row.integrationId,
    integrationName: row.integrationName,
    cause: row.cause,
    state: row.state,
    reason: row.reason,
    ...incidentText(row),
    summary: row.summary,
    firstSeenAt: row.firstSeenAt,
    lastSeenAt: row.lastSeenAt,
    affected: row.affected,
    acknowledgedByLabel: row.acknowledgedByLabel,
    acknowledgedAt: row.acknowledgedAt,
    resolvedAt: row.resolvedAt,
    resolvedByLabel: row.resolvedByLabel,
    historyHref: `/deliveries?${params.toString()}`,
  };
}

/**
 * Unresolved: open or acknowledged. A literal, so SQLite may read the partial incidents_open_idx (and
 * PostgreSQL its partial index alike). Built per query: `schema` gives the engine's table then.
 */
export const unresolved = () => sql`${schema.incidents.state} <> 'resolved'`;

export async function listIncidents(
  f: IncidentFilters,
): Promise<{ items: IncidentView[]; nextCursor: number | null }> {
  const i = schema.incidents;
  const where = [f.state === 'open' ? unresolved() : eq(i.state, 'resolved')];
  if (f.integrationId) where.push(eq(i.integrationId, f.integrationId));
  if (f.cursor) where.push(lt(i.id, f.cursor));
  const rows = await db()
    .select()
    .from(i)
    .where(and(...where))
    .orderBy(desc(i.id))
    .limit(f.limit + 1);
  const items = rows.slice(0, f.limit).map(toIncidentView);
  return { items, nextCursor: rows.length > f.limit ? (items.at(-1)?.id ?? null) : null };
}

function found(row: IncidentRow | undefined): IncidentRow {
  if (!row) throw new NotFoundError('This incident does not exist.');
  return row;
}

/**
 * The incident's row; 404 when there is none. `forUpdate`: inside a transaction that writes it on the
 * strength of what it read (a person acknowledging or resolving it while someone else does).
 */
export async function getIncidentRow(id: number, { forUpdate = false } = {}): Promise<IncidentRow> {
  const i = schema.incidents;
  const query = db().select().from(i).where(eq(i.id, id)).limit(1);
  const [row] = forUpdate ? await rowsForUpdate(query) : await query;
  return found(row);
}

export async function getIncident(id: number): Promise<IncidentDetail> {
  const row = await getIncidentRow(id);
  const e = schema.incidentEvents;
  const timeline = await db()
    .select({ id: e.id, at: e.at, kind: e.kind, actorLabel: e.actorLabel, message: e.message })
    .from(e)
    .where(eq(e.incidentId, id))
    .orderBy(asc(e.id));
  const waits = row.state !== 'resolved' && row.integrationId !== null && WAITING_CAUSES.has(row.cause);
  return {
    ...toIncidentView(row),
    timeline,
    details: (row.details as Record<string, unknown>) ?? {},
    waitingNow: waits ? (await queueOf(row.integrationId!)).queued : null,
  };
}

/** Open and acknowledged incidents: the sidebar's count. */
export async function openIncidentCount(): Promise<number> {
  const [row] = await db().select({ n: count() }).from(schema.incidents).where(unresolved());
  return row?.n ?? 0;
}

const openOfIntegration = (integrationId?: number) =>
  integrationId === undefined
    ? unresolved()
    : and(unresolved(), eq(schema.incidents.integrationId, integrationId));

function byIntegration(rows: IncidentRow[]): Map<number, IncidentView[]> {
  const out = new Map<number, IncidentView[]>();
  for (const row of rows) {
    if (row.integrationId === null) continue;
    const list = out.get(row.integrationId) ?? [];
    list.push(toIncidentView(row));
    out.set(row.integrationId, list);
  }
  return out;
}

/** Each integration's unresolved incidents (or one integration's), for the integration screens. */
export async function openIncidentsByIntegration(
  integrationId?: number,
): Promise<Map<number, IncidentView[]>> {
  const i = schema.incidents;
  return byIntegration(
    await db().select().from(i).where(openOfIntegration(integrationId)).orderBy(asc(i.id)),
  );
}

const openOfCause = (integrationId: number, cause: IncidentCause) =>
  and(eq(schema.incidents.integrationId, integrationId), eq(schema.incidents.cause, cause), unresolved());

/**
 * The unresolved incident of this integration and cause, if there is one. `forUpdate`, inside a
 * transaction that writes it on the strength of what it read, so a concurrent observer waits and then
 * reads what this one wrote (rowsForUpdate).
 */
export async function findOpenIncident(
  integrationId: number,
  cause: IncidentCause,
  { forUpdate = false } = {},
): Promise<IncidentRow | undefined> {
  const query = db().select().from(schema.incidents).where(openOfCause(integrationId, cause)).limit(1);
  const [row] = forUpdate ? await rowsForUpdate(query) : await query;
  return row;
}

const eventValues = (
  incidentId: number,
  kind: string,
  message: string,
  now: number,
  actorLabel: string | null,
) => ({
  incidentId,
  at: now,
  kind,
  actorLabel,
  message: message.slice(0, 1000),
});

/** Appends a line to an incident's timeline (the console's own actions have no actor). */
export async function addIncidentEvent(
  incidentId: number,
  kind: string,
  message: string,
  now: number,
  actorLabel: string | null = null,
): Promise<void> {
  await db()
    .insert(schema.incidentEvents)
    .values(eventValues(incidentId, kind, message, now, actorLabel));
}
