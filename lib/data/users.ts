import 'server-only';
import { count, eq } from 'drizzle-orm';

import { getDb, schema } from '@/db';
import type { Role } from '@/db/schema';
import { hashPassword } from '@/lib/password';
import { ConflictError, ForbiddenError, NotFoundError } from '@/lib/errors';
import { createUserSchema, updateUserSchema } from '@/lib/validations/user';
import { setupSchema } from '@/lib/validations/auth';
import { parseOrThrow } from '@/lib/validations/parse';

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

function countUsersSync(): number {
  return getDb().select({ n: count() }).from(schema.users).get()?.n ?? 0;
}

export async function countUsers(): Promise<number> {
  return countUsersSync();
}

export async function listUsers(): Promise<UserView[]> {
  return getDb().select().from(schema.users).orderBy(schema.users.email).all().map(toUserView);
}

function getUserSync(id: number): UserView {
  const row = getDb().select().from(schema.users).where(eq(schema.users.id, id)).get();
  if (!row) throw new NotFoundError('This user does not exist.');
  return toUserView(row);
}

export async function getUser(id: number): Promise<UserView> {
  return getUserSync(id);
}

/** Only for login: the row with its password hash. */
export async function findUserForLogin(email: string): Promise<UserRow | undefined> {
  return getDb().select().from(schema.users).where(eq(schema.users.email, email.trim().toLowerCase())).get();
}

async function insertUser(input: {
  email: string;
  name: string;
  role: Role;
  password: string;
}): Promise<UserView> {
  const passwordHash = await hashPassword(input.password);
  const db = getDb();
  if (
    db.select({ id: schema.users.id }).from(schema.users).where(eq(schema.users.email, input.email)).get()
  ) {
    throw new ConflictError('A user with this email already exists.', {
      email: ['A user with this email already exists.'],
    });
  }
  const row = db
    .insert(schema.users)
    .values({ email: input.email, name: input.name, role: input.role, passwordHash, updatedAt: Date.now() })
    .returning()
    .get();
  return toUserView(row);
}

export async function createUser(input: unknown): Promise<UserView> {
  return insertUser(parseOrThrow(createUserSchema, input));
}

/**
 * Creates the first admin. Refused once any user exists, so /setup cannot be used to take over.
 * The count and insert run back to back in one process; SQLite serialises writers.
 */
export async function createFirstAdmin(input: unknown): Promise<UserView> {
  const data = parseOrThrow(setupSchema, input);
  if (countUsersSync() > 0) throw new ForbiddenError('The console is already set up. Sign in instead.');
  return insertUser({ ...data, role: 'admin' });
}

export async function updateUser(id: number, input: unknown, actingUserId: number): Promise<UserView> {
  const data = parseOrThrow(updateUserSchema, input);
  const db = getDb();
  const current = getUserSync(id);
  if (data.role && data.role !== 'admin' && current.role === 'admin') assertAnotherAdmin(id);
  if (id === actingUserId && data.role && data.role !== current.role) {
    throw new ForbiddenError('You cannot change your own role; ask another admin.');
  }
  const patch: Partial<typeof schema.users.$inferInsert> = { updatedAt: Date.now() };
  if (data.role) patch.role = data.role;
  if (data.name !== undefined) patch.name = data.name;
  if (data.password) patch.passwordHash = await hashPassword(data.password);
  db.update(schema.users).set(patch).where(eq(schema.users.id, id)).run();
  if (data.password) db.delete(schema.sessions).where(eq(schema.sessions.userId, id)).run();
  return getUserSync(id);
}

export async function deleteUser(id: number, actingUserId: number): Promise<void> {
  const user = getUserSync(id);
  if (id === actingUserId) throw new ForbiddenError('You cannot delete your own account.');
  if (user.role === 'admin') assertAnotherAdmin(id);
  getDb().delete(schema.users).where(eq(schema.users.id, id)).run();
}

function assertAnotherAdmin(exceptId: number): void {
  const admins = getDb()
    .select({ id: schema.users.id })
    .from(schema.users)
    .where(eq(schema.users.role, 'admin'))
    .all();
  if (!admins.some((a) => a.id !== exceptId)) {
    throw new ForbiddenError('The console needs at least one admin; make someone else admin first.');
  }
}
