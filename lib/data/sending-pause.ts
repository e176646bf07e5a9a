import 'server-only';
import { and, eq, isNotNull, isNull } from 'drizzle-orm';

import { schema } from '@/db';
import { ConflictError } from '@/lib/errors';
import type { AuditActor } from './audit';
import { affectedRows, db, withTransaction } from './engine';
import { addIncidentEvent, findOpenIncident, unresolved } from './incidents';

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

/** The integration's sending state now (the composer asks before it sends). */
export async function sendingState(integrationId: number): Promise<SendingState> {
  const t = schema.integrations;
  const [row] = await db().select().from(t).where(eq(t.id, integrationId)).limit(1);
  if (!row) return sendingStateOf({ pausedAt: null } as IntegrationRow);
  return sendingStateOf(row, await findOpenIncident(integrationId, 'credentials'));
}

/** Pauses sending by hand; 409 when it already is. Open incidents of the integration note it. */
export async function pauseSending(
  integrationId: number,
  actor: AuditActor,
  note: string | null,
  now: number,
): Promise<void> {
  const t = schema.integrations;
  await withTransaction(async () => {
    const result = await db()
      .update(t)
      .set({ pausedAt: now, pausedBy: actor.id, pausedByLabel: actor.label, pauseNote: note, updatedAt: now })
      .where(and(eq(t.id, integrationId), isNull(t.pausedAt)));
    if (!affectedRows(result)) throw new ConflictError('Sending to this integration is already paused.');
    await noteOnOpenIncidents(
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
  const t = schema.integrations;
  await withTransaction(async () => {
    const result = await db()
      .update(t)
      .set({ pausedAt: null, pausedBy: null, pausedByLabel: null, pauseNote: null, updatedAt: now })
      .where(and(eq(t.id, integrationId), isNotNull(t.pausedAt)));
    if (!affectedRows(result)) throw new ConflictError('Sending to this integration was not paused by hand.');
    await noteOnOpenIncidents(
      integrationId,
      'resumed',
      `Sending resumed by ${actor.label}.`,
      now,
      actor.label,
    );
  });
}

/** A pause or resume is part of the story of every unresolved incident of the integration. */
async function noteOnOpenIncidents(
  integrationId: number,
  kind: 'paused' | 'resumed',
  message: string,
  now: number,
  actorLabel: string,
): Promise<void> {
  const i = schema.incidents;
  const open = await db()
    .select({ id: i.id })
    .from(i)
    .where(and(eq(i.integrationId, integrationId), unresolved()));
  for (const { id } of open) await addIncidentEvent(id, kind, message, now, actorLabel);
}
