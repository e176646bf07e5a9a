import { describe, expect, it } from 'vitest';

import { schema } from '@/db';
import { PG_TEST_TIMEOUT } from '@/db/test-helpers';
import { ConflictError, ForbiddenError, NotFoundError } from '@/lib/errors';
import { verifyPassword } from '@/lib/password';
import { db } from './engine';
import { createSession, findSessionUser } from './sessions';
import { ENGINES, testOnEngine } from './test-helpers';
import {
  countUsers,
  createFirstAdmin,
  createUser,
  deleteUser,
  findUserForLogin,
  getUser,
  listUsers,
  updateUser,
} from './users';

const PASSWORD = 'a long enough password 1';
const newUser = (email: string, role = 'marketer') =>
  createUser({ email, role, password: PASSWORD, name: email });

describe.each(ENGINES)('users on %s', { timeout: PG_TEST_TIMEOUT }, (kind) => {
  testOnEngine(kind);

  it('creates users, lists them by email, and finds one for login by its email in any case', async () => {
    const b = await newUser('b@example.com');
    const a = await newUser('a@example.com', 'viewer');
    expect(a).toEqual({
      id: expect.any(Number),
      email: 'a@example.com',
      name: 'a@example.com',
      role: 'viewer',
      createdAt: expect.any(Number),
    });
    expect(await countUsers()).toBe(2);
    expect((await listUsers()).map((u) => u.email)).toEqual(['a@example.com', 'b@example.com']);
    expect(await getUser(b.id)).toEqual(b);
    const row = await findUserForLogin('  B@Example.com ');
    expect(row?.id).toBe(b.id);
    expect(await verifyPassword(PASSWORD, row!.passwordHash)).toBe(true);
    expect(await findUserForLogin('c@example.com')).toBeUndefined();
    await expect(getUser(404)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('refuses a second user with the same email, also when two are created at once', async () => {
    await newUser('a@example.com');
    await expect(newUser('a@example.com')).rejects.toBeInstanceOf(ConflictError);
    const raced = await Promise.allSettled([newUser('b@example.com'), newUser('b@example.com')]);
    expect(raced.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(raced.find((r) => r.status === 'rejected')?.reason).toBeInstanceOf(ConflictError);
    expect(await countUsers()).toBe(2);
  });

  it('sets up the first admin once: two set-ups at once make one admin', async () => {
    const raced = await Promise.allSettled([
      createFirstAdmin({ email: 'one@example.com', password: PASSWORD }),
      createFirstAdmin({ email: 'two@example.com', password: PASSWORD }),
    ]);
    expect(raced.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(raced.find((r) => r.status === 'rejected')?.reason).toBeInstanceOf(ForbiddenError);
    expect((await listUsers()).map((u) => u.role)).toEqual(['admin']);
    await expect(createFirstAdmin({ email: 'three@example.com', password: PASSWORD })).rejects.toBeInstanceOf(
      ForbiddenError,
    );
  });

  it('changes name and role; a new password signs the user out everywhere', async () => {
    const admin = await newUser('admin@example.com', 'admin');
    const user = await newUser('m@example.com');
    const { token } = await createSession(user.id);
    expect(await updateUser(user.id, { name: 'Marta', role: 'viewer' }, admin.id)).toMatchObject({
      name: 'Marta',
      role: 'viewer',
    });
    expect(await findSessionUser(token)).toMatchObject({ id: user.id, role: 'viewer' });
    await updateUser(user.id, { password: 'another long password 2' }, admin.id);
    expect(await findSessionUser(token)).toBeUndefined();
    expect(
      await verifyPassword(
        'another long password 2',
        (await findUserForLogin('m@example.com'))!.passwordHash,
      ),
    ).toBe(true);
    await expect(updateUser(404, { name: 'x' }, admin.id)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('refuses changing your own role and leaving the console without an admin', async () => {
    const admin = await newUser('admin@example.com', 'admin');
    await expect(updateUser(admin.id, { role: 'viewer' }, -1)).rejects.toThrow(/at least one admin/);
    await expect(deleteUser(admin.id, -1)).rejects.toThrow(/at least one admin/);
    const other = await newUser('other@example.com', 'admin');
    await expect(updateUser(admin.id, { role: 'viewer' }, admin.id)).rejects.toThrow(/your own role/);
    await expect(deleteUser(admin.id, admin.id)).rejects.toThrow(/your own account/);
    expect((await getUser(admin.id)).role).toBe('admin');
    await deleteUser(other.id, admin.id);
    expect((await listUsers()).map((u) => u.email)).toEqual(['admin@example.com']);
    await expect(deleteUser(other.id, admin.id)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('two admins demoting each other at once leave one admin', async () => {
    const a = await newUser('a@example.com', 'admin');
    const b = await newUser('b@example.com', 'admin');
    const raced = await Promise.allSettled([
      updateUser(a.id, { role: 'viewer' }, b.id),
      updateUser(b.id, { role: 'viewer' }, a.id),
    ]);
    expect(raced.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const admins = await db().select().from(schema.users);
    expect(admins.filter((u) => u.role === 'admin')).toHaveLength(1);
  });
});
