import 'server-only';

import { config } from '@/lib/config';
import { findSessionUser } from '@/lib/data/sessions';
import type { UserView } from '@/lib/data/users';
import { ForbiddenError, UnauthorizedError } from '@/lib/errors';
import { readCookie, SESSION_COOKIE } from './cookie';
import { isCrossSiteWrite } from './origin';
import { can, type Permission } from './roles';

export interface Actor extends UserView {
  via: 'session' | 'token';
}

function ownOrigins(req: Request): string[] {
  const origins = [new URL(config().publicUrl).origin];
  const host = req.headers.get('host');
  if (host) origins.push(`http://${host}`, `https://${host}`);
  return origins;
}

/**
 * The guard every JSON API route calls: who is asking (session cookie), are they allowed, and is a
 * cookie-authenticated write coming from the console's own pages.
 */
export function requireActor(req: Request, permission?: Permission): Actor {
  const token = readCookie(req.headers.get('cookie'), SESSION_COOKIE);
  const user = token ? findSessionUser(token) : undefined;
  if (!user) throw new UnauthorizedError('Sign in to continue: this request has no valid session.');
  if (isCrossSiteWrite(req.method, req.headers, ownOrigins(req))) {
    throw new ForbiddenError('This request came from another website and was refused.');
  }
  if (permission && !can(user.role, permission)) {
    throw new ForbiddenError(`Your role (${user.role}) does not allow this.`);
  }
  return { ...user, via: 'session' };
}
