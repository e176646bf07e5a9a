import { beforeEach, describe, expect, it } from 'vitest';

import { schema } from '@/db';
import { PG_TEST_TIMEOUT } from '@/db/test-helpers';
import { db } from './engine';
import { createSession, deleteSession, findSessionUser, SESSION_TTL_MS } from './sessions';
import { ENGINES, testOnEngine } from './test-helpers';

const HOUR = 3_600_000;
const T0 = 1_800_000_000_000;
let userId: number;

const sessionRows = () => db().select().from(schema.sessions);

describe.each(ENGINES)('sessions on %s', { timeout: PG_TEST_TIMEOUT }, (kind) => {
  testOnEngine(kind);
  beforeEach(async () => {
    const [user] = await db()
      .insert(schema.users)
      .values({ email: 'm@example.com', name: 'M', role: 'marketer', passwordHash: 'x', updatedAt: 0 })
      .returning();
    userId = user!.id;
  });

  it('a session names its user until it expires; the token itself is not stored', async () => {
    const { token, expiresAt } = await createSession(userId, T0);
    expect(expiresAt).toBe(T0 + SESSION_TTL_MS);
    expect(await findSessionUser(token, T0 + 1)).toEqual({
      id: userId,
      email: 'm@example.com',
      name: 'M',
      role: 'marketer',
      createdAt: expect.any(Number),
    });
    expect((await sessionRows()).map((s) => s.tokenHash)).not.toContain(token);
    expect(await findSessionUser(`${token}x`, T0 + 1)).toBeUndefined();
    expect(await findSessionUser(token, T0 + SESSION_TTL_MS)).toBeUndefined();
  });

  it('use slides the expiry, written at most once an hour', async () => {
    const { token } = await createSession(userId, T0);
    await findSessionUser(token, T0 + HOUR / 2);
    expect((await sessionRows())[0]?.expiresAt).toBe(T0 + SESSION_TTL_MS);
    await findSessionUser(token, T0 + 2 * HOUR);
    expect((await sessionRows())[0]).toMatchObject({
      lastSeenAt: T0 + 2 * HOUR,
      expiresAt: T0 + 2 * HOUR + SESSION_TTL_MS,
    });
    expect(await findSessionUser(token, T0 + SESSION_TTL_MS + HOUR)).toMatchObject({ id: userId });
  });

  it('signing out ends that session only; a new sign-in clears expired ones', async () => {
    const kept = await createSession(userId, T0);
    const ended = await createSession(userId, T0);
    await deleteSession(ended.token);
    expect(await findSessionUser(ended.token, T0 + 1)).toBeUndefined();
    expect(await findSessionUser(kept.token, T0 + 1)).toMatchObject({ id: userId });
    await createSession(userId, T0 + SESSION_TTL_MS + 1);
    expect(await sessionRows()).toHaveLength(1);
  });
});
