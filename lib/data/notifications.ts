import 'server-only';
import { and, desc, eq, gte, inArray, isNotNull, lte, ne, or, sql } from 'drizzle-orm';

import { schema } from '@/db';
import type {
  IncidentCause,
  IncidentState,
  NotificationChannel,
  NotificationKind,
  NotificationStatus,
} from '@/db/enums';
import { db } from './engine';

/**
 * The notifications' records: every notice is a row written before it is sent (`pending`), then marked
 * `sent`, `retrying` or `failed` with why. What is due is derived from the incidents table and these
 * rows (lib/notifications/due.ts), so a restart neither repeats nor skips a notice.
 */

/** The parts of an incident a notice is made of (no secrets, sha or contact emails by contract). */
export interface IncidentForNotice {
  id: number;
  integrationId: number | null;
  integrationName: string;
  cause: IncidentCause;
  state: IncidentState;
  reason: string | null;
  summary: string;
  firstSeenAt: number;
  lastSeenAt: number;
  affected: number;
  acknowledgedAt: number | null;
  resolvedAt: number | null;
}

// Built per query, so the columns are the engine's.
const incidentColumns = () => ({
  id: schema.incidents.id,
  integrationId: schema.incidents.integrationId,
  integrationName: schema.incidents.integrationName,
  cause: schema.incidents.cause,
  state: schema.incidents.state,
  reason: schema.incidents.reason,
  summary: schema.incidents.summary,
  firstSeenAt: schema.incidents.firstSeenAt,
  lastSeenAt: schema.incidents.lastSeenAt,
  affected: schema.incidents.affected,
  acknowledgedAt: schema.incidents.acknowledgedAt,
  resolvedAt: schema.incidents.resolvedAt,
});

/** Unresolved incidents, and those resolved since `resolvedSince` (older ones are settled). */
export async function incidentsToNotify(resolvedSince: number): Promise<IncidentForNotice[]> {
  return db()
    .select(incidentColumns())
    .from(schema.incidents)
    .where(or(ne(schema.incidents.state, 'resolved'), gte(schema.incidents.resolvedAt, resolvedSince)));
}

/** Someone (or something) to notify: `key` names it in the records. */
export interface NoticeTarget {
  key: string;
  channel: NotificationChannel;
  /** The integration it hears about; null: every integration (the console-wide webhook). */
  integrationId: number | null;
  /** When it started listening: it is told about what happened from then on. */
  since: number;
  userId: number | null;
  webhookId: number | null;
  /** An email address, or the webhook's URL. */
  address: string;
}

export const emailTargetKey = (userId: number) => `email:user:${userId}`;
export const webhookTargetKey = (webhookId: number) => `webhook:${webhookId}`;

/** Email opt-ins (when email is on) and every webhook. */
export async function noticeTargets(emailOn: boolean): Promise<NoticeTarget[]> {
  const subscriptions = emailOn
    ? await db()
        .select({
          userId: schema.incidentSubscriptions.userId,
          integrationId: schema.incidentSubscriptions.integrationId,
          since: schema.incidentSubscriptions.createdAt,
          email: schema.users.email,
        })
        .from(schema.incidentSubscriptions)
        .innerJoin(schema.users, eq(schema.users.id, schema.incidentSubscriptions.userId))
    : [];
  const emails = subscriptions.map((s) => ({
    key: emailTargetKey(s.userId),
    channel: 'email' as const,
    integrationId: s.integrationId,
    since: s.since,
    userId: s.userId,
    webhookId: null,
    address: s.email,
  }));
  const hooks = (await db().select().from(schema.notificationWebhooks)).map((w) => ({
    key: webhookTargetKey(w.id),
    channel: 'webhook' as const,
    integrationId: w.integrationId,
    since: w.createdAt,
    userId: null,
    webhookId: w.id,
    address: w.url,
  }));
  return [...emails, ...hooks];
}

/** What was already recorded for some incidents, per target. */
export interface NoticeRecord {
  incidentId: number;
  kind: NotificationKind;
  sequence: number;
  targetKey: string;
  createdAt: number;
}

export async function noticeRecords(incidentIds: number[]): Promise<NoticeRecord[]> {
  if (!incidentIds.length) return [];
  const n = schema.notifications;
  const rows = await db()
    .select({
      incidentId: n.incidentId,
      kind: n.kind,
      sequence: n.sequence,
      userId: n.userId,
      webhookId: n.webhookId,
      createdAt: n.createdAt,
    })
    .from(n)
    .where(and(inArray(n.incidentId, incidentIds), ne(n.kind, 'test')));
  return rows.flatMap((r) => {
    const targetKey =
      r.userId !== null
        ? emailTargetKey(r.userId)
        : r.webhookId !== null
          ? webhookTargetKey(r.webhookId)
          : null;
    return r.incidentId !== null && targetKey ? [{ ...r, incidentId: r.incidentId, targetKey }] : [];
  });
}

/** The stored message: the email's subject and text, and the webhook's JSON (without its id and time). */
export interface NoticeMessage {
  subject: string;
  text: string;
  webhook?: Record<string, unknown>;
}

export interface NewNotice {
  dedupeKey: string;
  kind: NotificationKind;
  channel: NotificationChannel;
  incidentId?: number | null;
  sequence?: number;
  integrationId?: number | null;
  integrationName?: string | null;
  userId?: number | null;
  webhookId?: number | null;
  recipient: string;
  message: NoticeMessage;
}

export type NotificationRow = typeof schema.notifications.$inferSelect;

/**
 * Records a notice as `pending`, held by this sender until `holdUntil`. Returns undefined when its key
 * is already recorded: someone (an earlier tick, another instance) has it, so it must not go twice.
 */
export async function claimNotice(
  notice: NewNotice,
  now: number,
  holdUntil: number,
): Promise<NotificationRow | undefined> {
  const [row] = await db()
    .insert(schema.notifications)
    .values({
      ...notice,
      subject: notice.message.subject,
      status: 'pending',
      nextAttemptAt: holdUntil,
      createdAt: now,
      updatedAt: now,
    })
    .onConflictDoNothing({ target: schema.notifications.dedupeKey })
    .returning();
  return row;
}

/** Of these keys, those already recorded. */
export async function recordedKeys(keys: string[]): Promise<Set<string>> {
  if (!keys.length) return new Set();
  const rows = await db()
    .select({ key: schema.notifications.dedupeKey })
    .from(schema.notifications)
    .where(inArray(schema.notifications.dedupeKey, keys));
  return new Set(rows.map((r) => r.key));
}

/**
 * Notices whose next try is due: `retrying` ones whose time came, and `pending` ones whose sender's
 * hold ran out (it stopped mid-send, e.g. a restart). Take each with `takeNotice` just before sending it.
 */
export async function noticesToRetry(now: number, limit = 50): Promise<NotificationRow[]> {
  const n = schema.notifications;
  return db()
    .select()
    .from(n)
    .where(
      and(sql`${n.status} in ('pending', 'retrying')`, isNotNull(n.nextAttemptAt), lte(n.nextAttemptAt, now)),
    )
    .orderBy(n.nextAttemptAt)
    .limit(limit);
}

/** Holds a due notice for this sender, unless someone else took it since it was read (undefined then). */
export async function takeNotice(
  row: NotificationRow,
  now: number,
  holdUntil: number,
): Promise<NotificationRow | undefined> {
  const n = schema.notifications;
  const [taken] = await db()
    .update(n)
    .set({ status: 'pending', nextAttemptAt: holdUntil, updatedAt: now })
    .where(and(eq(n.id, row.id), eq(n.status, row.status), eq(n.nextAttemptAt, row.nextAttemptAt!)))
    .returning();
  return taken;
}

export type NoticeOutcome =
  | { status: 'sent' }
  | { status: 'retrying'; error: string; nextAttemptAt: number }
  | { status: 'failed'; error: string };

/** Records how a try ended. */
export async function finishNotice(
  id: number,
  outcome: NoticeOutcome,
  now: number,
): Promise<NotificationRow> {
  const [row] = await db()
    .update(schema.notifications)
    .set({
      status: outcome.status,
      attempts: sql`${schema.notifications.attempts} + 1`,
      error: outcome.status === 'sent' ? null : outcome.error,
      nextAttemptAt: outcome.status === 'retrying' ? outcome.nextAttemptAt : null,
      sentAt: outcome.status === 'sent' ? now : null,
      updatedAt: now,
    })
    .where(eq(schema.notifications.id, id))
    .returning();
  return row!;
}

/** People who asked for the weekly digest, with when they asked. */
export async function digestRecipients(): Promise<Array<{ userId: number; email: string; since: number }>> {
  return db()
    .select({
      userId: schema.digestSubscriptions.userId,
      email: schema.users.email,
      since: schema.digestSubscriptions.createdAt,
    })
    .from(schema.digestSubscriptions)
    .innerJoin(schema.users, eq(schema.users.id, schema.digestSubscriptions.userId));
}

/** A notice as the screen lists it: what, where, and how it ended. */
export interface NotificationView {
  id: number;
  kind: NotificationKind;
  channel: NotificationChannel;
  incidentId: number | null;
  integrationName: string | null;
  recipient: string;
  subject: string;
  status: NotificationStatus;
  attempts: number;
  nextAttemptAt: number | null;
  error: string | null;
  createdAt: number;
  sentAt: number | null;
}

export function toNotificationView(r: NotificationRow): NotificationView {
  return {
    id: r.id,
    kind: r.kind,
    channel: r.channel,
    incidentId: r.incidentId,
    integrationName: r.integrationName,
    recipient: r.recipient,
    subject: r.subject,
    status: r.status,
    attempts: r.attempts,
    nextAttemptAt: r.status === 'retrying' ? r.nextAttemptAt : null,
    error: r.error,
    createdAt: r.createdAt,
    sentAt: r.sentAt,
  };
}

/** The newest notices: all of them for an admin, else the person's own emails. */
export async function recentNotifications(
  viewer: { userId: number | null; all: boolean },
  limit = 30,
): Promise<NotificationView[]> {
  const n = schema.notifications;
  // `false`, not 0: PostgreSQL's WHERE takes a boolean only (SQLite reads false as 0).
  const where = viewer.all ? undefined : viewer.userId === null ? sql`false` : eq(n.userId, viewer.userId);
  return (await db().select().from(n).where(where).orderBy(desc(n.id)).limit(limit)).map(toNotificationView);
}
