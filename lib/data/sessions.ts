import 'server-only';
import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt, lt } from 'drizzle-orm';

import { schema } from '@/db';
import { db } from './engine';
import { toUserView, type UserView } from './users';

export const SESSION_TTL_MS = 7 * 24 * 60 * 60 * 1000;
// Sliding expiry is written at most this often, so reads do not turn into writes on every request.
const TOUCH_EVERY_MS = 60 * 60 * 1000;

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export async function createSession(
  userId: number,
  now = Date.now(),
): Promise<{ token: string; expiresAt: number }> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = now + SESSION_TTL_MS;
  await db().delete(schema.sessions).where(lt(schema.sessions.expiresAt, now));
  await db()
    .insert(schema.sessions)
    .values({ tokenHash: hashToken(token), userId, expiresAt, lastSeenAt: now });
  return { token, expiresAt };
}

export async function findSessionUser(token: string, now = Date.now()): Promise<UserView | undefined> {
  const tokenHash = hashToken(token);
  const [row] = await db()
    .select()
    .from(schema.sessions)
    .innerJoin(schema.users, eq(schema.users.id, schema.sessions.userId))
    .where(and(eq(schema.sessions.tokenHash, tokenHash), gt(schema.sessions.expiresAt, now)))
    .limit(1);
  if (!row) return undefined;
  if (now - row.sessions.lastSeenAt > TOUCH_EVERY_MS) {
    await db()
      .update(schema.sessions)
      .set({ lastSeenAt: now, expiresAt: now + SESSION_TTL_MS })
      .where(eq(schema.sessions.tokenHash, tokenHash));
  }
  return toUserView(row.users);
}

export async function deleteSession(token: string): Promise<void> {
  await db()
    .delete(schema.sessions)
    .where(eq(schema.sessions.tokenHash, hashToken(token)));
}
