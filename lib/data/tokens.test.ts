import { describe, expect, it } from 'vitest';

import { PG_TEST_TIMEOUT } from '@/db/test-helpers';
import { NotFoundError, ValidationError } from '@/lib/errors';
import { ENGINES, testOnEngine } from './test-helpers';
import { createToken, findTokenActor, listTokens, revokeToken } from './tokens';

describe.each(ENGINES)('API tokens on %s', { timeout: PG_TEST_TIMEOUT }, (kind) => {
  testOnEngine(kind);

  it('gives the token once, keeps its hash, and knows it again by its value', async () => {
    const { token, view } = await createToken({ name: 'ERP import', role: 'marketer' }, 3);
    expect(token).toMatch(/^smc_[\w-]{43}$/);
    expect(view).toEqual({
      id: expect.any(Number),
      name: 'ERP import',
      role: 'marketer',
      prefix: token.slice(0, 10),
      createdAt: expect.any(Number),
      lastUsedAt: null,
      revokedAt: null,
    });
    expect(await findTokenActor(token)).toEqual({
      tokenId: view.id,
      name: 'ERP import',
      role: 'marketer',
      createdBy: 3,
    });
    expect(await findTokenActor(`${token}x`)).toBeUndefined();
    expect(await findTokenActor('Bearer something else')).toBeUndefined();
  });

  it('records when a token was last used, at most once a minute', async () => {
    const { token } = await createToken({ name: 'CI', role: 'viewer' }, null);
    await findTokenActor(token, 1_000_000);
    await findTokenActor(token, 1_030_000);
    expect((await listTokens())[0]?.lastUsedAt).toBe(1_000_000);
    await findTokenActor(token, 1_061_000);
    expect((await listTokens())[0]?.lastUsedAt).toBe(1_061_000);
  });

  it('lists the newest first; a revoked token stops working and keeps its first revocation time', async () => {
    const first = await createToken({ name: 'One', role: 'admin' }, null);
    const second = await createToken({ name: 'Two', role: 'viewer' }, null);
    expect((await listTokens()).map((t) => t.name)).toEqual(['Two', 'One']);
    const revoked = await revokeToken(first.view.id);
    expect(revoked.revokedAt).toEqual(expect.any(Number));
    expect(await findTokenActor(first.token)).toBeUndefined();
    expect(await findTokenActor(second.token)).toMatchObject({ name: 'Two' });
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect((await revokeToken(first.view.id)).revokedAt).toBe(revoked.revokedAt);
    await expect(revokeToken(404)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('refuses a token without a name or with an unknown role', async () => {
    await expect(createToken({ name: ' ', role: 'admin' }, null)).rejects.toBeInstanceOf(ValidationError);
    await expect(createToken({ name: 'X', role: 'owner' }, null)).rejects.toBeInstanceOf(ValidationError);
    expect(await listTokens()).toEqual([]);
  });
});
