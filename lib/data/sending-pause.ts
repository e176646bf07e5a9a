import 'server-only';
import { and, eq, isNotNull, isNull } from 'drizzle-orm';

import { getDb, schema, writeTransaction } from '@/db';
import { ConflictError } from '@/lib/errors';
import type { AuditActor } from './audit';
import { addIncidentEventSync, findOpenIncidentSync, UNRESOLVED } from './incidents';

type IntegrationRow = typeof schema.integrations.$inferSelect;
type IncidentRow = typeof schema.incidents.$inferSelect;

/**
 * Whether an integration sends, and if not, why. Sending is paused by hand (admin or marketer, with an
 * optional note) or while a credentials incident is unresolved: the two are kept apart, so fixing the
 * credentials never undoes a person's pause. Paused deliveries stay queued; the worker's claim skips the
 * integration (lib/data/delivery-state.ts), and the collector still accepts events.
 */
export interface SendingState {
  paused: boolean;
  /** By hand wins when both hold: it needs a person to resume it. */
  pausedBy: 'hand' | 'credentials' | null;
  since: number | null;
  byLabel: string | null;
  note: string | null;
  /** The credentials incident pausing it, if any. */
  incidentId: number | null;
}

export function sendingStateOf(
  row: IntegrationRow,
  credentials?: Pick<IncidentRow, 'id' | 'firstSeenAt'>,
): SendingState {
  if (row.pausedAt !== null) {
    return {
      paused: true,
      pausedBy: 'hand',
      since: row.pausedAt,
      byLabel: row.pausedByLabel,
      note: row.pauseNote,
      incidentId: credentials?.id ?? null,
    };
  }
  if (credentials) {
    return {
      paused: true,
      pausedBy: 'credentials',
      since: credentials.firstSeenAt,
      byLabel: null,
      note: null,
      incidentId: credentials.id,
    };
  }
  return { paused: false, pausedBy: null, since: null, byLabel: null, note: null, incidentId: null };
}

function integrationRow(id: number): IntegrationRow | undefined {
  return getDb().select().from(schema.integrations).where(eq(schema.integrations.id, id)).get();
}

/** The integration's sending state now (the composer asks before it sends). */
export function sendingStateSync(integrationId: number): SendingState {
  const row = integrationRow(integrationId);
  if (!row) return sendingStateOf({ pausedAt: null } as IntegrationRow);
  return sendingStateOf(row, findOpenIncidentSync(integrationId, 'credentials'));
}

export async function sendingState(integrationId: number): Promise<SendingState> {
  return sendingStateSync(integrationId);
}

/** Pauses sending by hand; 409 when it already is. Open incidents of the integration note it. */
export async function pauseSending(
  integrationId: number,
  actor: AuditActor,
  note: string | null,
  now: number,
): Promise<void> {
  writeTransaction(() => {
    const changed = getDb()
      .update(schema.integrations)
      .set({ pausedAt: now, pausedBy: actor.id, pausedByLabel: actor.label, pauseNote: note, updatedAt: now })
      .where(and(eq(schema.integrations.id, integrationId), isNull(schema.integrations.pausedAt)))
      .run().changes;
    if (!changed) throw new ConflictError('Sending to this integration is already paused.');
    noteOnOpenIncidents(
      integrationId,
      'paused',
      `Sending paused by ${actor.label}${note ? `: ${note}` : '.'}`,
      now,
      actor.label,
    );
  });
}

/** Resumes what a person paused; 409 when it was not paused by hand. */
export async function resumeSending(integrationId: number, actor: AuditActor, now: number): Promise<void> {
  writeTransaction(() => {
    const changed = getDb()
      .update(schema.integrations)
      .set({ pausedAt: null, pausedBy: null, pausedByLabel: null, pauseNote: null, updatedAt: now })
      .where(and(eq(schema.integrations.id, integrationId), isNotNull(schema.integrations.pausedAt)))
      .run().changes;
    if (!changed) throw new ConflictError('Sending to this integration was not paused by hand.');
    noteOnOpenIncidents(integrationId, 'resumed', `Sending resumed by ${actor.label}.`, now, actor.label);
  });
}

/** A pause or resume is part of the story of every unresolved incident of the integration. */
function noteOnOpenIncidents(
  integrationId: number,
  kind: 'paused' | 'resumed',
  message: string,
  now: number,
  actorLabel: string,
): void {
  const i = schema.incidents;
  const open = getDb()
    .select({ id: i.id })
    .from(i)
    .where(and(eq(i.integrationId, integrationId), UNRESOLVED))
    .all();
  for (const { id } of open) addIncidentEventSync(id, kind, message, now, actorLabel);
}
