import 'server-only';
import { and, desc, like, lt } from 'drizzle-orm';

import { getDb, schema } from '@/db';

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
  getDb()
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
    })
    .run();
}

export async function listAudit(f: { action?: string; cursor?: number; limit?: number }): Promise<{
  items: AuditEntry[];
  nextCursor: number | null;
}> {
  const limit = Math.min(Math.max(f.limit ?? 50, 1), 200);
  const where = [];
  if (f.action) where.push(like(schema.auditLog.action, `${f.action.replace(/[%_\\]/g, '')}%`));
  if (f.cursor) where.push(lt(schema.auditLog.id, f.cursor));
  const rows = getDb()
    .select()
    .from(schema.auditLog)
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(schema.auditLog.id))
    .limit(limit + 1)
    .all();
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
