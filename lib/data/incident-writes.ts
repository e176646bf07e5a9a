import 'server-only';
import { and, eq, gte, inArray, lte } from 'drizzle-orm';

import { getDb, schema, writeTransaction } from '@/db';
import type { IncidentCause } from '@/db/enums';
import { ConflictError } from '@/lib/errors';
import { plural } from '@/lib/format';
import { isCredentialsRefusal } from '@/lib/incidents/credentials';
import { CREDENTIALS_PAUSE_SENTENCE } from '@/lib/incidents/describe';
import { describeReason, REASONS, type ReasonCode } from '@/lib/salesmanago/messages';
import { failedNeedingAttention, retryNowSync } from './attention';
import type { AuditActor } from './audit';
import { addIncidentEventSync, findOpenIncidentSync, getIncidentRowSync, UNRESOLVED } from './incidents';

type IncidentRow = typeof schema.incidents.$inferSelect;
const i = schema.incidents;

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

/**
 * Opens the incident of this integration and cause, or refreshes the one that is unresolved (last seen,
 * summary, count): at most one unresolved incident per integration and cause, whoever observes it.
 */
function observeIncidentSync(o: Observation, now: number): { incident: IncidentRow; opened: boolean } {
  return writeTransaction(() => {
    const open = findOpenIncidentSync(o.integrationId, o.cause);
    if (open) {
      const incident = getDb()
        .update(i)
        .set({
          lastSeenAt: Math.max(open.lastSeenAt, now),
          summary: o.summary,
          affected: Math.max(open.affected, o.affected),
          reason: o.reason ?? open.reason,
          details: { ...(open.details as object | null), ...o.details },
        })
        .where(eq(i.id, open.id))
        .returning()
        .get();
      return { incident, opened: false };
    }
    const integration = getDb()
      .select({ name: schema.integrations.name })
      .from(schema.integrations)
      .where(eq(schema.integrations.id, o.integrationId))
      .get();
    const incident = getDb()
      .insert(i)
      .values({
        integrationId: o.integrationId,
        integrationName: integration?.name ?? `Integration ${o.integrationId}`,
        cause: o.cause,
        state: 'open',
        reason: o.reason ?? null,
        summary: o.summary,
        firstSeenAt: now,
        lastSeenAt: now,
        affected: o.affected,
        details: o.details ?? null,
      })
      .returning()
      .get();
    addIncidentEventSync(incident.id, 'opened', o.summary, now);
    if (o.cause === 'credentials')
      addIncidentEventSync(incident.id, 'paused', CREDENTIALS_PAUSE_SENTENCE, now);
    return { incident, opened: true };
  });
}

export async function observeIncident(
  o: Observation,
  now: number,
): Promise<{ incident: IncidentRow; opened: boolean }> {
  return observeIncidentSync(o, now);
}

/** Resolves the unresolved incident of this integration and cause because its cause cleared. */
export async function clearIncident(
  integrationId: number,
  cause: IncidentCause,
  now: number,
  message: string,
): Promise<IncidentRow | undefined> {
  return writeTransaction(() => {
    const open = findOpenIncidentSync(integrationId, cause);
    if (!open) return undefined;
    addIncidentEventSync(open.id, 'resolved', message, now);
    return getDb()
      .update(i)
      .set({ state: 'resolved', resolvedAt: now, resolvedBy: null, resolvedByLabel: null })
      .where(eq(i.id, open.id))
      .returning()
      .get();
  });
}

/** "I am on it": open → acknowledged, with who. */
export async function acknowledgeIncident(id: number, actor: AuditActor, now: number): Promise<IncidentRow> {
  return writeTransaction(() => {
    const row = getIncidentRowSync(id);
    if (row.state !== 'open') {
      throw new ConflictError(
        row.state === 'resolved'
          ? 'This incident is already resolved.'
          : `This incident was already acknowledged by ${row.acknowledgedByLabel ?? 'someone'}.`,
      );
    }
    addIncidentEventSync(id, 'acknowledged', `Acknowledged by ${actor.label}.`, now, actor.label);
    return getDb()
      .update(i)
      .set({
        state: 'acknowledged',
        acknowledgedBy: actor.id,
        acknowledgedByLabel: actor.label,
        acknowledgedAt: now,
      })
      .where(eq(i.id, id))
      .returning()
      .get();
  });
}

/** Resolved by a person (with an optional note): it is over, whatever the checks say next. */
function resolveIncidentSync(
  id: number,
  actor: AuditActor,
  note: string | null,
  now: number,
  message = `Resolved by ${actor.label}${note ? `: ${note}` : '.'}`,
): IncidentRow {
  return writeTransaction(() => {
    const row = getIncidentRowSync(id);
    if (row.state === 'resolved') throw new ConflictError('This incident is already resolved.');
    addIncidentEventSync(id, 'resolved', message, now, actor.label);
    return getDb()
      .update(i)
      .set({ state: 'resolved', resolvedAt: now, resolvedBy: actor.id, resolvedByLabel: actor.label })
      .where(eq(i.id, id))
      .returning()
      .get();
  });
}

export async function resolveIncident(
  id: number,
  actor: AuditActor,
  note: string | null,
  now: number,
  message = `Resolved by ${actor.label}${note ? `: ${note}` : '.'}`,
): Promise<IncidentRow> {
  return resolveIncidentSync(id, actor, note, now, message);
}

/** Before an integration is deleted: its unresolved incidents end with it (they are kept, by name). */
export function resolveIncidentsOfIntegrationSync(
  integrationId: number,
  actor: AuditActor,
  now: number,
): number {
  const open = getDb()
    .select({ id: i.id })
    .from(i)
    .where(and(eq(i.integrationId, integrationId), UNRESOLVED))
    .all();
  for (const { id } of open)
    resolveIncidentSync(id, actor, null, now, `Resolved because ${actor.label} deleted the integration.`);
  return open.length;
}

/**
 * A send refused for the credentials or owner: opens (or adds to) the credentials incident, which
 * pauses the integration's sending at once, in the transaction that recorded the refusal.
 */
export function noteCredentialsRefusalSync(
  integrationId: number,
  reason: ReasonCode,
  count: number,
  now: number,
): void {
  const open = findOpenIncidentSync(integrationId, 'credentials');
  const details = (open?.details ?? {}) as { refused?: number; waiting?: number };
  const refused = (details.refused ?? 0) + count;
  observeIncidentSync(
    {
      integrationId,
      cause: 'credentials',
      reason,
      summary: `SALESmanago refused ${plural(refused, 'delivery', 'deliveries')}: ${describeReason(reason).explanation}`,
      affected: refused + (details.waiting ?? 0),
      details: { refused, lastRefusalAt: now },
    },
    now,
  );
}

/** A credential check that failed on the credentials or owner: opens (or keeps open) the incident. */
export async function noteCredentialsCheckFailed(
  integrationId: number,
  reason: ReasonCode,
  now: number,
): Promise<void> {
  const open = findOpenIncidentSync(integrationId, 'credentials');
  observeIncidentSync(
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
  const ids = getDb()
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
    )
    .all()
    .map((r) => r.id);
  let changed = 0;
  for (let at = 0; at < ids.length; at += 500) changed += retryNowSync(ids.slice(at, at + 500), now);
  return changed;
}

/** Keeps the credentials incident's count of waiting deliveries current (the check does, every minute). */
export async function noteWaitingDuringIncident(incident: IncidentRow, waiting: number): Promise<void> {
  const refused = Number((incident.details as { refused?: number } | null)?.refused ?? 0);
  getDb()
    .update(i)
    .set({
      affected: Math.max(incident.affected, refused + waiting),
      details: { ...(incident.details as object | null), waiting },
    })
    .where(eq(i.id, incident.id))
    .run();
}
