import 'server-only';
import { and, eq, gte, inArray, lte } from 'drizzle-orm';

import { schema } from '@/db';
import type { IncidentCause } from '@/db/enums';
import { ConflictError, NotFoundError } from '@/lib/errors';
import { plural } from '@/lib/format';
import { isCredentialsRefusal } from '@/lib/incidents/credentials';
import { CREDENTIALS_PAUSE_SENTENCE } from '@/lib/incidents/describe';
import { describeReason, REASONS, type ReasonCode } from '@/lib/salesmanago/messages';
import { failedNeedingAttention, retryNow } from './attention';
import type { AuditActor } from './audit';
import { db, withTransaction } from './engine';
import { holdIntegration } from './integration-lock';
import { addIncidentEvent, findOpenIncident, getIncidentRow, unresolved } from './incidents';

type IncidentRow = typeof schema.incidents.$inferSelect;

export interface Observation {
  integrationId: number;
  cause: IncidentCause;
  summary: string;
  /** Deliveries affected so far; an incident's count never goes down while it is open. */
  affected: number;
  reason?: string | null;
  /** Merged over what the incident already holds. */
  details?: Record<string, unknown>;
}

/** What an unresolved incident becomes when it is observed again: the count never goes down. */
function refreshed(open: IncidentRow, o: Observation, now: number) {
  return {
    lastSeenAt: Math.max(open.lastSeenAt, now),
    summary: o.summary,
    affected: Math.max(open.affected, o.affected),
    reason: o.reason ?? open.reason,
    details: { ...(open.details as object | null), ...o.details },
  };
}

function opened(o: Observation, integrationName: string | undefined, now: number) {
  return {
    integrationId: o.integrationId,
    integrationName: integrationName ?? `Integration ${o.integrationId}`,
    cause: o.cause,
    state: 'open' as const,
    reason: o.reason ?? null,
    summary: o.summary,
    firstSeenAt: now,
    lastSeenAt: now,
    affected: o.affected,
    details: o.details ?? null,
  };
}

/** The timeline's first lines: opened, and for credentials, that sending pauses with it. */
function openingEvents(o: Observation): Array<[kind: string, message: string]> {
  return o.cause === 'credentials'
    ? [
        ['opened', o.summary],
        ['paused', CREDENTIALS_PAUSE_SENTENCE],
      ]
    : [['opened', o.summary]];
}

/**
 * Opens the incident of this integration and cause, or refreshes the one that is unresolved (last seen,
 * summary, count): at most one unresolved incident per integration and cause, whoever observes it.
 */
export async function observeIncident(
  o: Observation,
  now: number,
): Promise<{ incident: IncidentRow; opened: boolean }> {
  const i = schema.incidents;
  return withTransaction(async () => {
    await holdIntegration(o.integrationId);
    let open = await findOpenIncident(o.integrationId, o.cause, { forUpdate: true });
    if (!open) {
      const t = schema.integrations;
      const [integration] = await db()
        .select({ name: t.name })
        .from(t)
        .where(eq(t.id, o.integrationId))
        .limit(1);
      if (!integration) throw new NotFoundError('This integration does not exist.');
      // On PostgreSQL two observers can both find none (SQLite runs one transaction at a time): the
      // second insert waits for the first to commit, then gives way on incidents_open_idx and refreshes
      // the incident the first opened.
      const [incident] = await db()
        .insert(i)
        .values(opened(o, integration?.name, now))
        .onConflictDoNothing()
        .returning();
      if (incident) {
        for (const [kind, message] of openingEvents(o))
          await addIncidentEvent(incident.id, kind, message, now);
        return { incident, opened: true };
      }
      open = (await findOpenIncident(o.integrationId, o.cause, { forUpdate: true }))!;
    }
    const [incident] = await db()
      .update(i)
      .set(refreshed(open, o, now))
      .where(eq(i.id, open.id))
      .returning();
    return { incident: incident!, opened: false };
  });
}

/** Resolves the unresolved incident of this integration and cause because its cause cleared. */
export async function clearIncident(
  integrationId: number,
  cause: IncidentCause,
  now: number,
  message: string,
): Promise<IncidentRow | undefined> {
  const i = schema.incidents;
  return withTransaction(async () => {
    const open = await findOpenIncident(integrationId, cause, { forUpdate: true });
    if (!open) return undefined;
    await addIncidentEvent(open.id, 'resolved', message, now);
    const [row] = await db()
      .update(i)
      .set({ state: 'resolved', resolvedAt: now, resolvedBy: null, resolvedByLabel: null })
      .where(eq(i.id, open.id))
      .returning();
    return row;
  });
}

/** "I am on it": open → acknowledged, with who. */
export async function acknowledgeIncident(id: number, actor: AuditActor, now: number): Promise<IncidentRow> {
  const i = schema.incidents;
  return withTransaction(async () => {
    const row = await getIncidentRow(id, { forUpdate: true });
    if (row.state !== 'open') {
      throw new ConflictError(
        row.state === 'resolved'
          ? 'This incident is already resolved.'
          : `This incident was already acknowledged by ${row.acknowledgedByLabel ?? 'someone'}.`,
      );
    }
    await addIncidentEvent(id, 'acknowledged', `Acknowledged by ${actor.label}.`, now, actor.label);
    const [updated] = await db()
      .update(i)
      .set({
        state: 'acknowledged',
        acknowledgedBy: actor.id,
        acknowledgedByLabel: actor.label,
        acknowledgedAt: now,
      })
      .where(eq(i.id, id))
      .returning();
    return updated!;
  });
}

const resolvedBy = (actor: AuditActor, now: number) => ({
  state: 'resolved' as const,
  resolvedAt: now,
  resolvedBy: actor.id,
  resolvedByLabel: actor.label,
});

function refuseResolved(row: IncidentRow): void {
  if (row.state === 'resolved') throw new ConflictError('This incident is already resolved.');
}

const deletedMessage = (actor: AuditActor) => `Resolved because ${actor.label} deleted the integration.`;

/** Resolved by a person (with an optional note): it is over, whatever the checks say next. */
export async function resolveIncident(
  id: number,
  actor: AuditActor,
  note: string | null,
  now: number,
  message = `Resolved by ${actor.label}${note ? `: ${note}` : '.'}`,
): Promise<IncidentRow> {
  const i = schema.incidents;
  return withTransaction(async () => {
    refuseResolved(await getIncidentRow(id, { forUpdate: true }));
    await addIncidentEvent(id, 'resolved', message, now, actor.label);
    const [row] = await db().update(i).set(resolvedBy(actor, now)).where(eq(i.id, id)).returning();
    return row!;
  });
}

/** Before an integration is deleted: its unresolved incidents end with it (they are kept, by name). */
export async function resolveIncidentsOfIntegration(
  integrationId: number,
  actor: AuditActor,
  now: number,
): Promise<number> {
  const i = schema.incidents;
  const open = await db()
    .select({ id: i.id })
    .from(i)
    .where(and(eq(i.integrationId, integrationId), unresolved()));
  for (const { id } of open) await resolveIncident(id, actor, null, now, deletedMessage(actor));
  return open.length;
}

/** The credentials incident's observation after `count` more refusals. */
function refusalObservation(
  open: IncidentRow | undefined,
  integrationId: number,
  reason: ReasonCode,
  count: number,
  now: number,
): Observation {
  const details = (open?.details ?? {}) as { refused?: number; waiting?: number };
  const refused = (details.refused ?? 0) + count;
  return {
    integrationId,
    cause: 'credentials',
    reason,
    summary: `SALESmanago refused ${plural(refused, 'delivery', 'deliveries')}: ${describeReason(reason).explanation}`,
    affected: refused + (details.waiting ?? 0),
    details: { refused, lastRefusalAt: now },
  };
}

/**
 * A send refused for the credentials or owner: opens (or adds to) the credentials incident, which
 * pauses the integration's sending at once, in the transaction that recorded the refusal.
 */
export async function noteCredentialsRefusal(
  integrationId: number,
  reason: ReasonCode,
  count: number,
  now: number,
): Promise<void> {
  await withTransaction(async () => {
    // While no credentials incident is open there is no row to lock: two instances' batches refused at
    // the same moment would each count from nothing. Taken before the incident's row, as deleteIntegration
    // takes them; a send's settlement holds its deliveries' rows before this, and a deadlock with a
    // delete of the same integration is rolled back and run again on both sides (retryOnConflict).
    await holdIntegration(integrationId);
    const open = await findOpenIncident(integrationId, 'credentials', { forUpdate: true });
    await observeIncident(refusalObservation(open, integrationId, reason, count, now), now);
  });
}

/** A credential check that failed on the credentials or owner: opens (or keeps open) the incident. */
export async function noteCredentialsCheckFailed(
  integrationId: number,
  reason: ReasonCode,
  now: number,
): Promise<void> {
  await withTransaction(async () => {
    // While no credentials incident is open there is no row to lock: two instances' batches refused at
    // the same moment would each count from nothing. Taken before the incident's row, as deleteIntegration
    // takes them; a send's settlement holds its deliveries' rows before this, and a deadlock with a
    // delete of the same integration is rolled back and run again on both sides (retryOnConflict).
    await holdIntegration(integrationId);
    const open = await findOpenIncident(integrationId, 'credentials', { forUpdate: true });
    await observeIncident(
      {
        integrationId,
        cause: 'credentials',
        reason,
        summary: open?.summary ?? `The credential check failed: ${describeReason(reason).explanation}`,
        affected: open?.affected ?? 0,
        details: { lastCheckFailedAt: now },
      },
      now,
    );
  });
}

const CREDENTIAL_REASONS = (Object.keys(REASONS) as ReasonCode[]).filter(isCredentialsRefusal);

/**
 * After a credentials incident: the deliveries refused for the credentials while it was open go once
 * more (a refusal is final, so nothing else would send them). Those since resent successfully stay.
 * Read per reason on the partial failed index; returns how many went back to the queue.
 */
export async function retryRefusedDuringIncident(incident: IncidentRow, now: number): Promise<number> {
  if (incident.integrationId === null) return 0;
  const d = schema.deliveries;
  const rows = await db()
    .select({ id: d.id })
    .from(d)
    .where(
      and(
        failedNeedingAttention(),
        inArray(d.reason, CREDENTIAL_REASONS),
        eq(d.integrationId, incident.integrationId),
        gte(d.completedAt, incident.firstSeenAt),
        lte(d.completedAt, incident.resolvedAt ?? now),
      ),
    );
  const ids = rows.map((r) => r.id);
  let changed = 0;
  for (let at = 0; at < ids.length; at += 500) changed += await retryNow(ids.slice(at, at + 500), now);
  return changed;
}

/** Keeps the credentials incident's count of waiting deliveries current (the check does, every minute). */
export async function noteWaitingDuringIncident(incident: IncidentRow, waiting: number): Promise<void> {
  const i = schema.incidents;
  await withTransaction(async () => {
    // Read again, locked: a refusal counted since `incident` was read must not be written over.
    const current = await getIncidentRow(incident.id, { forUpdate: true });
    if (current.state === 'resolved') return;
    const refused = Number((current.details as { refused?: number } | null)?.refused ?? 0);
    await db()
      .update(i)
      .set({
        affected: Math.max(current.affected, refused + waiting),
        details: { ...(current.details as object | null), waiting },
      })
      .where(eq(i.id, current.id));
  });
}
