import 'server-only';

import type { Role } from '@/db/enums';
import { config } from '@/lib/config';
import type { AuditActor } from '@/lib/data/audit';
import { findSessionUser } from '@/lib/data/sessions';
import { findTokenActor } from '@/lib/data/tokens';
import { ForbiddenError, UnauthorizedError } from '@/lib/errors';
import { can, type Permission } from '@/lib/roles';
import { readCookie, SESSION_COOKIE } from './cookie';
import { isCrossSiteWrite } from './origin';

/** Who is calling: a signed-in person (session cookie) or an automation (API token). */
export interface Actor {
  /** The user's id; for a token, the id of the admin who created it. */
  id: number | null;
  email: string;
  name: string;
  role: Role;
  via: 'session' | 'token';
  /** How the audit log names them. */
  audit: AuditActor;
}

function ownOrigins(req: Request): string[] {
  const origins = [new URL(config().publicUrl).origin];
  const host = req.headers.get('host');
  if (host) origins.push(`http://${host}`, `https://${host}`);
  return origins;
}

/**
 * Refuses a cookie write sent from another website (CSRF). Every session-authenticated write passes
 * here, and so do sign-in and first-admin setup, which set the session cookie: a forged sign-in would
 * put the victim's browser in the attacker's account (login CSRF).
 */
export function refuseCrossSiteWrite(req: Request): void {
  if (isCrossSiteWrite(req.method, req.headers, ownOrigins(req))) {
    throw new ForbiddenError('This request came from another website and was refused.');
  }
}

function bearer(req: Request): string | undefined {
  const h = req.headers.get('authorization');
  return h && /^Bearer\s+/i.test(h) ? h.replace(/^Bearer\s+/i, '').trim() : undefined;
}

async function authenticate(req: Request): Promise<Actor> {
  const token = bearer(req);
  if (token !== undefined) {
    const found = await findTokenActor(token);
    if (!found) throw new UnauthorizedError('This API token is not valid or was revoked.');
    const label = `token “${found.name}”`;
    return {
      id: found.createdBy,
      email: label,
      name: found.name,
      role: found.role,
      via: 'token',
      audit: { id: found.createdBy, label },
    };
  }
  const session = readCookie(req.headers.get('cookie'), SESSION_COOKIE);
  const user = session ? await findSessionUser(session) : undefined;
  if (!user) throw new UnauthorizedError('Sign in to continue: this request has no valid session.');
  // Only cookies ride along on forged cross-site requests; a bearer token never does.
  refuseCrossSiteWrite(req);
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    via: 'session',
    audit: { id: user.id, label: user.email },
  };
}

/**
 * The guard every JSON API route calls: who is asking (session cookie or `Authorization: Bearer`),
 * are they allowed, and is a cookie-authenticated write coming from the console's own pages.
 */
export async function requireActor(req: Request, permission?: Permission): Promise<Actor> {
  const actor = await authenticate(req);
  if (permission && !can(actor.role, permission)) {
    throw new ForbiddenError(`Your role (${actor.role}) does not allow this.`);
  }
  return actor;
}

/**
 * The guard for a person's own settings (e.g. which emails they get): a signed-in person, not an API
 * token, which acts for automation and would change its creator's choices behind their back.
 */
export async function requirePerson(req: Request): Promise<Actor & { id: number }> {
  const actor = await requireActor(req);
  if (actor.via !== 'session' || actor.id === null) {
    throw new ForbiddenError('These are a person’s own choices: sign in to the console to change them.');
  }
  return actor as Actor & { id: number };
}
