import 'server-only';
import { and, desc, eq, gte } from 'drizzle-orm';

import { preparedStatement, schema } from '@/db';
import type { DeliverySource, DeliveryStatus } from '@/db/schema';
import { NotFoundError } from '@/lib/errors';
import { currencyOf } from '@/lib/salesmanago/currency';
import { describeReason, type ReasonCode } from '@/lib/salesmanago/messages';
import type { EventData } from '@/lib/validations/event';
import { deliveryChain, type ChainLink } from './delivery-chain';
import { db } from './engine';

export type DeliveryRow = typeof schema.deliveries.$inferSelect;
type AttemptRow = typeof schema.attempts.$inferSelect;

export interface ReasonView {
  code: string;
  title: string;
  explanation: string;
  fix: string;
}

/** One delivery as every screen and the JSON API see it. Never holds credentials. */
export interface DeliveryView {
  id: number;
  integrationId: number | null;
  integrationName: string;
  source: DeliverySource;
  operation: 'add' | 'update';
  type: string;
  contact: string;
  /** The contact's email when `contact` is a contact ID the console can match (history lists only). */
  contactEmail?: string;
  externalId: string | null;
  products: string | null;
  value: number | null;
  eventDate: number;
  event: EventData;
  status: DeliveryStatus;
  reason: ReasonView | null;
  /** SALESmanago's own words, when it gave any. */
  reasonMessage: string | null;
  smEventId: string | null;
  attemptCount: number;
  lastHttpStatus: number | null;
  lastDurationMs: number | null;
  nextAttemptAt: number | null;
  possibleDuplicate: boolean;
  resendOf: number | null;
  /** The resend whose success stopped this delivery's retries (status cancelled, reason replaced). */
  replacedBy: number | null;
  pageUrl: string | null;
  origin: string | null;
  userAgent: string | null;
  createdAt: number;
  completedAt: number | null;
  /** When retention removed the stored request and response bodies (null: they are kept). */
  bodiesRemovedAt: number | null;
}

export interface AttemptView {
  id: number;
  number: number;
  startedAt: number;
  durationMs: number | null;
  url: string;
  request: unknown;
  httpStatus: number | null;
  responseBody: string | null;
  responseTruncated: boolean;
  outcome: AttemptRow['outcome'];
  reason: ReasonView | null;
  message: string | null;
  batchSize: number | null;
}

export interface DeliveryDetail extends DeliveryView {
  attempts: AttemptView[];
  /** Later deliveries that resent this one (resend, or edit and resend). */
  resends: Array<Pick<DeliveryView, 'id' | 'status' | 'createdAt' | 'source'>>;
  /** The first delivery and every resend around it, oldest first (this one among them). */
  chain: ChainLink[];
}

export function reasonView(code: string | null): ReasonView | null {
  if (!code) return null;
  try {
    const info = describeReason(code as ReasonCode);
    return { code, title: info.title, explanation: info.explanation, fix: info.fix };
  } catch {
    return { code, title: code, explanation: '', fix: '' };
  }
}

export function toDeliveryView(row: DeliveryRow): DeliveryView {
  return {
    id: row.id,
    integrationId: row.integrationId,
    integrationName: row.integrationName,
    source: row.source,
    operation: row.operation,
    type: row.type,
    contact: row.contact,
    externalId: row.externalId,
    products: row.products,
    value: row.value,
    eventDate: row.eventDate,
    event: row.event as EventData,
    status: row.status,
    reason: reasonView(row.reason),
    reasonMessage: row.reasonMessage,
    smEventId: row.smEventId,
    attemptCount: row.attemptCount,
    lastHttpStatus: row.lastHttpStatus,
    lastDurationMs: row.lastDurationMs,
    nextAttemptAt: row.nextAttemptAt,
    possibleDuplicate: row.possibleDuplicate,
    resendOf: row.resendOf,
    replacedBy: row.replacedBy,
    pageUrl: row.pageUrl,
    origin: row.origin,
    userAgent: row.userAgent,
    createdAt: row.createdAt,
    completedAt: row.completedAt,
    bodiesRemovedAt: row.bodiesRemovedAt,
  };
}

function toAttemptView(row: AttemptRow): AttemptView {
  return {
    id: row.id,
    number: row.number,
    startedAt: row.startedAt,
    durationMs: row.durationMs,
    url: row.url,
    request: row.request,
    httpStatus: row.httpStatus,
    responseBody: row.responseBody,
    responseTruncated: row.responseTruncated,
    outcome: row.outcome,
    reason: reasonView(row.reason),
    message: row.message,
    batchSize: row.batchSize,
  };
}

export interface NewDelivery {
  /**
   * `detailLabels`: the integration's names for detail slots, from which the currency is read (the
   * overview's revenue per currency depends on it; the collector and backfill pass them too).
   */
  integration: { id: number; name: string; detailLabels?: unknown };
  source: DeliverySource;
  operation: 'add' | 'update';
  event: EventData;
  createdBy?: number | null;
  resendOf?: number | null;
  pageUrl?: string | null;
  origin?: string | null;
  userAgent?: string | null;
  now?: number;
}

/** The columns of a new delivery, shared by the single insert and the collector's prepared insert. */
export function deliveryValues(d: NewDelivery): typeof schema.deliveries.$inferInsert {
  const now = d.now ?? Date.now();
  const e = d.event;
  return {
    integrationId: d.integration.id,
    integrationName: d.integration.name,
    source: d.source,
    operation: d.operation,
    type: e.type,
    contact: e.contactId ?? e.email ?? '',
    externalId: e.externalId ?? null,
    products: e.products ?? null,
    value: e.value ?? null,
    currency: currencyOf(e, (d.integration.detailLabels ?? {}) as Partial<Record<string, string>>) || null,
    // The event date is fixed when the delivery is written, so every attempt sends the same event.
    eventDate: e.date ?? now,
    event: { ...e, date: e.date ?? now },
    status: 'queued',
    createdBy: d.createdBy ?? null,
    resendOf: d.resendOf ?? null,
    pageUrl: d.pageUrl ?? null,
    origin: d.origin ?? null,
    userAgent: d.userAgent ?? null,
    createdAt: now,
    updatedAt: now,
  };
}

// SQLite's prepared insert of a delivery's values, for the hot paths that write many (the collector's
// group commit, a backfill chunk): prepared once per connection, run inside withSqliteClient or a
// transaction holding the gate. Its columns are those deliveryValues() fills.
const VALUE_KEYS = Object.keys(
  deliveryValues({
    integration: { id: 0, name: '' },
    source: 'api',
    operation: 'add',
    event: { type: 'OTHER' } as EventData,
  }),
);
const columnName = (key: string) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
export const sqliteDeliveryInsert = preparedStatement<[Record<string, unknown>]>(
  `insert into deliveries (${VALUE_KEYS.map(columnName).join(', ')}) values (${VALUE_KEYS.map((k) => `@${k}`).join(', ')})`,
);

/** A delivery's values as sqliteDeliveryInsert binds them: JSON as text, no undefined. */
export function sqliteDeliveryRecord(values: typeof schema.deliveries.$inferInsert): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(values))
    record[k] = v !== null && typeof v === 'object' ? JSON.stringify(v) : (v ?? null);
  return record;
}

/** Writes a delivery before anything is sent (product.md: "Nothing is lost"). */
export async function insertDelivery(d: NewDelivery): Promise<DeliveryView> {
  const [row] = await db().insert(schema.deliveries).values(deliveryValues(d)).returning();
  return toDeliveryView(row!);
}

export async function getDeliveryRow(id: number): Promise<DeliveryRow> {
  const [row] = await db().select().from(schema.deliveries).where(eq(schema.deliveries.id, id)).limit(1);
  if (!row) throw new NotFoundError('This delivery does not exist.');
  return row;
}

export async function getDeliveryDetail(id: number): Promise<DeliveryDetail> {
  const row = await getDeliveryRow(id);
  const attempts = (
    await db()
      .select()
      .from(schema.attempts)
      .where(eq(schema.attempts.deliveryId, id))
      .orderBy(schema.attempts.number, schema.attempts.id)
  ).map(toAttemptView);
  const resends = await db()
    .select({
      id: schema.deliveries.id,
      status: schema.deliveries.status,
      createdAt: schema.deliveries.createdAt,
      source: schema.deliveries.source,
    })
    .from(schema.deliveries)
    .where(eq(schema.deliveries.resendOf, id))
    .orderBy(schema.deliveries.id);
  return { ...toDeliveryView(row), attempts, resends, chain: await deliveryChain(id) };
}

export interface PossibleDuplicate {
  id: number;
  createdAt: number;
  status: DeliveryStatus;
  why: 'same-external-id' | 'identical-recent';
}

export const IDENTICAL_WINDOW_MS = 60_000;

/** The event without its date, so "the same event sent twice" is recognised a few seconds apart. */
function fingerprint(e: EventData): string {
  const { date: _date, ...rest } = e;
  return JSON.stringify(
    Object.keys(rest)
      .sort()
      .map((k) => [k, rest[k as keyof typeof rest]]),
  );
}

/**
 * The duplicate guard: an externalId already used by this integration (orders are unique), or the
 * identical event sent in the last minute.
 */
export async function findPossibleDuplicates(
  integrationId: number,
  event: EventData,
  now = Date.now(),
): Promise<PossibleDuplicate[]> {
  const d = schema.deliveries;
  const out: PossibleDuplicate[] = [];
  if (event.externalId) {
    const rows = await db()
      .select({ id: d.id, createdAt: d.createdAt, status: d.status })
      .from(d)
      .where(
        and(eq(d.integrationId, integrationId), eq(d.externalId, event.externalId), eq(d.type, event.type)),
      )
      .orderBy(desc(d.id))
      .limit(5);
    out.push(...rows.map((r) => ({ ...r, why: 'same-external-id' as const })));
  }
  const recent = await db()
    .select({ id: d.id, createdAt: d.createdAt, status: d.status, event: d.event })
    .from(d)
    .where(
      and(
        eq(d.integrationId, integrationId),
        eq(d.type, event.type),
        gte(d.createdAt, now - IDENTICAL_WINDOW_MS),
      ),
    )
    .orderBy(desc(d.id))
    .limit(50);
  const mine = fingerprint(event);
  for (const r of recent) {
    if (out.some((o) => o.id === r.id)) continue;
    if (fingerprint(r.event as EventData) === mine) {
      out.push({ id: r.id, createdAt: r.createdAt, status: r.status, why: 'identical-recent' });
    }
  }
  return out;
}
