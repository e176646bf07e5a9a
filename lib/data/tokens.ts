import 'server-only';
import { createHash, randomBytes } from 'node:crypto';
import { desc, eq, isNull, and } from 'drizzle-orm';
import { z } from 'zod';

import { getDb, schema } from '@/db';
import { ROLES, type Role } from '@/db/schema';
import { NotFoundError } from '@/lib/errors';
import { displayName } from '@/lib/validations/common';
import { parseOrThrow } from '@/lib/validations/parse';

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
  const row = getDb()
    .insert(schema.apiTokens)
    .values({
      name: data.name,
      role: data.role,
      tokenHash: hash(token),
      prefix: token.slice(0, 10),
      createdBy,
    })
    .returning()
    .get();
  return { token, view: toView(row) };
}

export async function listTokens(): Promise<TokenView[]> {
  return getDb().select().from(schema.apiTokens).orderBy(desc(schema.apiTokens.id)).all().map(toView);
}

export async function revokeToken(id: number): Promise<TokenView> {
  const db = getDb();
  const row = db.select().from(schema.apiTokens).where(eq(schema.apiTokens.id, id)).get();
  if (!row) throw new NotFoundError('This token does not exist.');
  if (!row.revokedAt)
    db.update(schema.apiTokens).set({ revokedAt: Date.now() }).where(eq(schema.apiTokens.id, id)).run();
  return toView(db.select().from(schema.apiTokens).where(eq(schema.apiTokens.id, id)).get()!);
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
  const db = getDb();
  const row = db
    .select()
    .from(schema.apiTokens)
    .where(and(eq(schema.apiTokens.tokenHash, hash(token)), isNull(schema.apiTokens.revokedAt)))
    .get();
  if (!row) return undefined;
  if (!row.lastUsedAt || now - row.lastUsedAt > TOUCH_EVERY_MS) {
    db.update(schema.apiTokens).set({ lastUsedAt: now }).where(eq(schema.apiTokens.id, row.id)).run();
  }
  return { tokenId: row.id, name: row.name, role: row.role, createdBy: row.createdBy };
}
