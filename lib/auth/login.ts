import 'server-only';

import { createSession } from '@/lib/data/sessions';
import { countUsers, createFirstAdmin, findUserForLogin, toUserView, type UserView } from '@/lib/data/users';
import { UnauthorizedError } from '@/lib/errors';
import { dummyPasswordHash, verifyPassword } from '@/lib/password';
import { loginSchema } from '@/lib/validations/auth';
import { parseOrThrow } from '@/lib/validations/parse';
import { issueDeviceToken, readDeviceToken } from './device-cookie';
import { assertLoginAllowed, loginLimits } from './login-limit';

export interface SignedIn {
  user: UserView;
  token: string;
  expiresAt: number;
}

/**
 * Signs in, within the limits of lib/auth/login-limit.ts. `deviceCookie` is the browser's device
 * cookie, if any; on success the answer carries a fresh one for this account.
 */
export async function login(
  input: unknown,
  ip: string,
  deviceCookie?: string,
): Promise<SignedIn & { deviceToken: string }> {
  const { email, password } = parseOrThrow(loginSchema, input);
  const now = Date.now();
  const device = readDeviceToken(deviceCookie, now);
  // A device cookie earns trust only for the account it names.
  const attempt = { email, ip, device: device?.email === email ? device : undefined };
  await assertLoginAllowed(attempt, now);
  const row = await findUserForLogin(email);
  // Compare against a dummy hash for unknown emails so the timing does not reveal which exist.
  const valid = await verifyPassword(password, row?.passwordHash ?? (await dummyPasswordHash()));
  if (!row || !valid) {
    await loginLimits.recordFailure(attempt, Date.now());
    throw new UnauthorizedError('The email or password is not right.');
  }
  await loginLimits.recordSuccess(attempt);
  return {
    user: toUserView(row),
    ...(await createSession(row.id)),
    deviceToken: issueDeviceToken(email, now),
  };
}

export async function setupFirstAdmin(input: unknown): Promise<SignedIn> {
  const user = await createFirstAdmin(input);
  return { user, ...(await createSession(user.id)) };
}

export async function needsSetup(): Promise<boolean> {
  return (await countUsers()) === 0;
}
