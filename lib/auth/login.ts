import 'server-only';

import { createSession } from '@/lib/data/sessions';
import { countUsers, createFirstAdmin, findUserForLogin, toUserView, type UserView } from '@/lib/data/users';
import { UnauthorizedError } from '@/lib/errors';
import { dummyPasswordHash, verifyPassword } from '@/lib/password';
import { loginSchema } from '@/lib/validations/auth';
import { parseOrThrow } from '@/lib/validations/parse';
import { assertLoginAllowed, recordLoginFailure, recordLoginSuccess } from './login-limit';

export interface SignedIn {
  user: UserView;
  token: string;
  expiresAt: number;
}

export async function login(input: unknown, ip: string): Promise<SignedIn> {
  const { email, password } = parseOrThrow(loginSchema, input);
  assertLoginAllowed(email, ip);
  const row = findUserForLogin(email);
  // Compare against a dummy hash for unknown emails so the timing does not reveal which exist.
  const valid = await verifyPassword(password, row?.passwordHash ?? (await dummyPasswordHash()));
  if (!row || !valid) {
    recordLoginFailure(email, ip);
    throw new UnauthorizedError('The email or password is not right.');
  }
  recordLoginSuccess(email);
  return { user: toUserView(row), ...createSession(row.id) };
}

export async function setupFirstAdmin(input: unknown): Promise<SignedIn> {
  const user = await createFirstAdmin(input);
  return { user, ...createSession(user.id) };
}

export function needsSetup(): boolean {
  return countUsers() === 0;
}
