import 'server-only';
import { eq, sql } from 'drizzle-orm';

import { schema } from '@/db';
import { affectedRows, db } from './engine';

/**
 * Claims tick `slot` of a timer: true for exactly one caller, whatever the restarts or the number of
 * processes, and only when no later tick was claimed before. One statement, atomic in SQLite and
 * PostgreSQL alike (an upsert whose update only happens while the stored slot is lower).
 */
export async function claimTick(name: string, slot: number, now: number): Promise<boolean> {
  const t = schema.scheduledTicks;
  const result = await db()
    .insert(t)
    .values({ name, lastSlot: slot, startedAt: now })
    .onConflictDoUpdate({
      target: t.name,
      set: { lastSlot: slot, startedAt: now, finishedAt: null, lastError: null },
      setWhere: sql`${t.lastSlot} < ${slot}`,
    });
  return affectedRows(result) === 1;
}

/** The last slot claimed (null: never ran). */
export async function lastTickSlot(name: string): Promise<number | null> {
  const t = schema.scheduledTicks;
  const [row] = await db().select({ slot: t.lastSlot }).from(t).where(eq(t.name, name)).limit(1);
  return row?.slot ?? null;
}

/** Records how a claimed tick ended; an error is kept (its message only) until the next tick. */
export async function finishTick(name: string, slot: number, now: number, error?: string): Promise<void> {
  const t = schema.scheduledTicks;
  await db()
    .update(t)
    .set({ finishedAt: now, lastError: error?.slice(0, 500) ?? null })
    .where(sql`${t.name} = ${name} and ${t.lastSlot} = ${slot}`);
}

/**
 * The test clock only (lib/clock.ts): after it is set back, ticks claimed in its future would block
 * the timers until real time caught up; this forgets them.
 */
export async function forgetTicksAfter(slotOf: (name: string) => number): Promise<void> {
  const t = schema.scheduledTicks;
  for (const row of await db().select().from(t)) {
    const current = slotOf(row.name);
    if (row.lastSlot > current)
      await db()
        .update(t)
        .set({ lastSlot: current - 1 })
        .where(eq(t.name, row.name));
  }
}
