import 'server-only';
import { count, eq, sql } from 'drizzle-orm';

import { engineKind, schema } from '@/db';
import type { Role } from '@/db/schema';
import { hashPassword } from '@/lib/password';
import { ConflictError, ForbiddenError, NotFoundError } from '@/lib/errors';
import { createUserSchema, updateUserSchema } from '@/lib/validations/user';
import { setupSchema } from '@/lib/validations/auth';
import { parseOrThrow } from '@/lib/validations/parse';
import { db, rawRows, withTransaction } from './engine';

export interface UserView {
  id: number;
  email: string;
  name: string;
  role: Role;
  createdAt: number;
}

type UserRow = typeof schema.users.$inferSelect;

export function toUserView(row: UserRow): UserView {
  return { id: row.id, email: row.email, name: row.name, role: row.role, createdAt: row.createdAt };
}

export async function countUsers(): Promise<number> {
  const [row] = await db().select({ n: count() }).from(schema.users);
  return row?.n ?? 0;
}

export async function listUsers(): Promise<UserView[]> {
  const rows = await db().select().from(schema.users).orderBy(schema.users.email);
  return rows.map(toUserView);
}

export async function getUser(id: number): Promise<UserView> {
  const [row] = await db().select().from(schema.users).where(eq(schema.users.id, id)).limit(1);
  if (!row) throw new NotFoundError('This user does not exist.');
  return toUserView(row);
}

/** Only for login: the row with its password hash. */
export async function findUserForLogin(email: string): Promise<UserRow | undefined> {
  const [row] = await db()
    .select()
    .from(schema.users)
    .where(eq(schema.users.email, email.trim().toLowerCase()))
    .limit(1);
  return row;
}

/**
 * Run first in every transaction that decides on the strength of the other users (no user yet, another
 * admin left): such transactions then run one at a time. SQLite's transactions already do (BEGIN
 * IMMEDIATE takes the write lock); PostgreSQL's READ COMMITTED would let two of them each see the
 * other's admin, or no users, and both write: two admins demoting each other left none.
 */
async function takeUsersLock(): Promise<void> {
  if (engineKind() === 'pg') await rawRows(sql`lock table ${schema.users} in share row exclusive mode`);
}

type NewUser = { email: string; name: string; role: Role; password: string };

// The hash is made before the transaction: it takes ~50 ms, and on SQLite every request waits while a
// transaction is open.
async function insertUser(input: NewUser, check?: () => Promise<void>): Promise<UserView> {
  const passwordHash = await hashPassword(input.password);
  const row = await withTransaction(async () => {
    await takeUsersLock();
    await check?.();
    const [inserted] = await db()
      .insert(schema.users)
      .values({ email: input.email, name: input.name, role: input.role, passwordHash, updatedAt: Date.now() })
      .onConflictDoNothing({ target: schema.users.email })
      .returning();
    return inserted;
  });
  if (!row)
    throw new ConflictError('A user with this email already exists.', {
      email: ['A user with this email already exists.'],
    });
  return toUserView(row);
}

export async function createUser(input: unknown): Promise<UserView> {
  return insertUser(parseOrThrow(createUserSchema, input));
}

/**
 * Creates the first admin. Refused once any user exists, so /setup cannot be used to take over: the
 * count and the insert are one transaction, so two set-ups at once make one admin.
 */
export async function createFirstAdmin(input: unknown): Promise<UserView> {
  const data = parseOrThrow(setupSchema, input);
  return insertUser({ ...data, role: 'admin' }, async () => {
    if ((await countUsers()) > 0) throw new ForbiddenError('The console is already set up. Sign in instead.');
  });
}

export async function updateUser(id: number, input: unknown, actingUserId: number): Promise<UserView> {
  const data = parseOrThrow(updateUserSchema, input);
  const patch: Partial<typeof schema.users.$inferInsert> = {};
  if (data.role) patch.role = data.role;
  if (data.name !== undefined) patch.name = data.name;
  if (data.password) patch.passwordHash = await hashPassword(data.password);
  return withTransaction(async () => {
    await takeUsersLock();
    const current = await getUser(id);
    if (data.role && data.role !== 'admin' && current.role === 'admin') await assertAnotherAdmin(id);
    if (id === actingUserId && data.role && data.role !== current.role) {
      throw new ForbiddenError('You cannot change your own role; ask another admin.');
    }
    await db()
      .update(schema.users)
      .set({ ...patch, updatedAt: Date.now() })
      .where(eq(schema.users.id, id));
    // A new password signs the user out everywhere.
    if (data.password) await db().delete(schema.sessions).where(eq(schema.sessions.userId, id));
    return getUser(id);
  });
}

export async function deleteUser(id: number, actingUserId: number): Promise<void> {
  await withTransaction(async () => {
    await takeUsersLock();
    const user = await getUser(id);
    if (id === actingUserId) throw new ForbiddenError('You cannot delete your own account.');
    if (user.role === 'admin') await assertAnotherAdmin(id);
    await db().delete(schema.users).where(eq(schema.users.id, id));
  });
}

async function assertAnotherAdmin(exceptId: number): Promise<void> {
  const admins = await db()
    .select({ id: schema.users.id })
    .from(schema.users)
    .where(eq(schema.users.role, 'admin'));
  if (!admins.some((a) => a.id !== exceptId)) {
    throw new ForbiddenError('The console needs at least one admin; make someone else admin first.');
  }
}
