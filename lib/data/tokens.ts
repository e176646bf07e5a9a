import 'server-only';
import { createHash, randomBytes } from 'node:crypto';
import { desc, eq, isNull, and } from 'drizzle-orm';
import { z } from 'zod';

import { schema } from '@/db';
import { ROLES, type Role } from '@/db/schema';
import { NotFoundError } from '@/lib/errors';
import { displayName } from '@/lib/validations/common';
import { parseOrThrow } from '@/lib/validations/parse';
import { db } from './engine';

export const createTokenSchema = z.strictObject({
  name: displayName({
    label: 'A token name',
    max: 60,
    required: 'Name the token after what uses it, e.g. "ERP import".',
  }),
  role: z.enum(ROLES, { error: 'Role must be admin, marketer or viewer.' }),
});

export interface TokenView {
  id: number;
  name: string;
  role: Role;
  prefix: string;
  createdAt: number;
  lastUsedAt: number | null;
  revokedAt: number | null;
}

const TOKEN_PREFIX = 'smc_';
// lastUsedAt is written at most once a minute per token, so a busy integration does not write on every call.
const TOUCH_EVERY_MS = 60_000;

const hash = (token: string) => createHash('sha256').update(token).digest('hex');

function toView(row: typeof schema.apiTokens.$inferSelect): TokenView {
  return {
    id: row.id,
    name: row.name,
    role: row.role,
    prefix: row.prefix,
    createdAt: row.createdAt,
    lastUsedAt: row.lastUsedAt,
    revokedAt: row.revokedAt,
  };
}

/** Creates a token; the plain value is returned this once and only its hash is stored. */
export async function createToken(
  input: unknown,
  createdBy: number | null,
): Promise<{ token: string; view: TokenView }> {
  const data = parseOrThrow(createTokenSchema, input);
  const token = `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  const [row] = await db()
    .insert(schema.apiTokens)
    .values({
      name: data.name,
      role: data.role,
      tokenHash: hash(token),
      prefix: token.slice(0, 10),
      createdBy,
    })
    .returning();
  return { token, view: toView(row!) };
}

export async function listTokens(): Promise<TokenView[]> {
  const rows = await db().select().from(schema.apiTokens).orderBy(desc(schema.apiTokens.id));
  return rows.map(toView);
}

/** Revokes a token; revoking it again keeps the first time. */
export async function revokeToken(id: number): Promise<TokenView> {
  const t = schema.apiTokens;
  await db()
    .update(t)
    .set({ revokedAt: Date.now() })
    .where(and(eq(t.id, id), isNull(t.revokedAt)));
  const [row] = await db().select().from(t).where(eq(t.id, id)).limit(1);
  if (!row) throw new NotFoundError('This token does not exist.');
  return toView(row);
}

export interface TokenActor {
  tokenId: number;
  name: string;
  role: Role;
  createdBy: number | null;
}

/** The live (not revoked) token for a bearer value, recording when it was last used. */
export async function findTokenActor(token: string, now = Date.now()): Promise<TokenActor | undefined> {
  if (!token.startsWith(TOKEN_PREFIX)) return undefined;
  const t = schema.apiTokens;
  const [row] = await db()
    .select()
    .from(t)
    .where(and(eq(t.tokenHash, hash(token)), isNull(t.revokedAt)))
    .limit(1);
  if (!row) return undefined;
  if (!row.lastUsedAt || now - row.lastUsedAt > TOUCH_EVERY_MS) {
    await db().update(t).set({ lastUsedAt: now }).where(eq(t.id, row.id));
  }
  return { tokenId: row.id, name: row.name, role: row.role, createdBy: row.createdBy };
}
