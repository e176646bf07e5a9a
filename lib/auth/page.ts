import 'server-only';
import { cookies, headers } from 'next/headers';
import { redirect } from 'next/navigation';

import { config } from '@/lib/config';
import { countUsers, type UserView } from '@/lib/data/users';
import { findSessionUser } from '@/lib/data/sessions';
import { REQUEST_PATH_HEADER, safeNextPath } from '@/lib/request-path';
import { SESSION_COOKIE } from './cookie';

/** For server pages and layouts: the signed-in user, or a redirect to /setup or /login?next=… */
export async function requirePageUser(): Promise<UserView> {
  const user = await currentPageUser();
  if (user) return user;
  if ((await countUsers()) === 0) redirect('/setup');
  const next = safeNextPath((await headers()).get(REQUEST_PATH_HEADER), config().publicUrl);
  redirect(next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`);
}

export async function currentPageUser(): Promise<UserView | undefined> {
  const token = (await cookies()).get(SESSION_COOKIE)?.value;
  return token ? await findSessionUser(token) : undefined;
}
