import 'server-only';
import { and, desc, lt, sql } from 'drizzle-orm';

import { schema } from '@/db';

import { db } from './engine';

export interface AuditActor {
  id: number | null;
  label: string;
}

export interface AuditEntry {
  id: number;
  at: number;
  actorLabel: string;
  action: string;
  targetType: string | null;
  targetId: string | null;
  summary: string;
  details: unknown;
}

/**
 * Appends one line to the audit log. Summaries name what changed ("API secret replaced"), never the
 * values of credentials.
 */
export async function audit(
  actor: AuditActor,
  action: string,
  summary: string,
  target?: { type: string; id: string | number },
  details?: Record<string, unknown>,
): Promise<void> {
  await db()
    .insert(schema.auditLog)
    .values({
      at: Date.now(),
      actorId: actor.id,
      actorLabel: actor.label,
      action,
      targetType: target?.type ?? null,
      targetId: target ? String(target.id) : null,
      summary: summary.slice(0, 500),
      details: details ?? null,
    });
}

export async function listAudit(f: { action?: string; cursor?: number; limit?: number }): Promise<{
  items: AuditEntry[];
  nextCursor: number | null;
}> {
  const limit = Math.min(Math.max(f.limit ?? 50, 1), 200);
  const t = schema.auditLog;
  const where = [];
  if (f.action) where.push(actionStartsWith(t.action, f.action));
  if (f.cursor) where.push(lt(t.id, f.cursor));
  const rows = await db()
    .select()
    .from(t)
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(t.id))
    .limit(limit + 1);
  const items = rows.slice(0, limit).map((r) => ({
    id: r.id,
    at: r.at,
    actorLabel: r.actorLabel,
    action: r.action,
    targetType: r.targetType,
    targetId: r.targetId,
    summary: r.summary,
    details: r.details,
  }));
  return { items, nextCursor: rows.length > limit ? (items.at(-1)?.id ?? null) : null };
}

/**
 * Actions that start with `prefix`, the same on both engines: LIKE ignores ASCII case on SQLite and not
 * on PostgreSQL, so both sides are lowered. `%`, `_` and `\` in the prefix are escaped: the `_` of
 * "delivery.bulk_retry" is an underscore, not any one character (they were dropped before, so a filter
 * naming such an action found nothing).
 */
function actionStartsWith(column: typeof schema.auditLog.action, prefix: string) {
  const pattern = `${prefix.toLowerCase().replace(/[%_\\]/g, '\\$&')}%`;
  return sql`lower(${column}) like ${pattern} escape '\\'`;
}
