import { beforeEach, describe, expect, it } from 'vitest';

import { schema } from '@/db';
import { PG_TEST_TIMEOUT } from '@/db/test-helpers';
import { db } from './engine';
import type { IntegrationView } from './integrations';
import { rememberIntegration, startIntegrationId } from './last-integration';
import { ENGINES, testOnEngine } from './test-helpers';

let userId: number;

function integration(id: number, verified: 'ok' | 'failed' | null, isSandbox = false): IntegrationView {
  return {
    id,
    isSandbox,
    verification: verified ? { status: verified, at: 1, checks: [], users: [] } : null,
  } as unknown as IntegrationView;
}

describe.each(ENGINES)('startIntegrationId on %s', { timeout: PG_TEST_TIMEOUT }, (kind) => {
  testOnEngine(kind);
  beforeEach(async () => {
    const [user] = await db()
      .insert(schema.users)
      .values({ email: 'm@example.com', role: 'marketer', passwordHash: 'x', updatedAt: 0 })
      .returning();
    userId = user!.id;
  });

  it('starts on the integration this user last used, even an unverified one', async () => {
    const list = [integration(1, 'ok', true), integration(2, null), integration(3, 'ok')];
    await rememberIntegration(userId, 2);
    expect(await startIntegrationId(userId, list)).toBe(2);
  });

  it('without a last one, starts on the only verified integration', async () => {
    expect(
      await startIntegrationId(userId, [
        integration(1, null),
        integration(2, 'ok', true),
        integration(3, 'failed'),
      ]),
    ).toBe(2);
  });

  it('ignores a remembered integration that no longer exists', async () => {
    await rememberIntegration(userId, 99);
    expect(await startIntegrationId(userId, [integration(4, null), integration(5, 'ok')])).toBe(5);
  });

  it('with several verified, prefers a real one over the sandbox; with none, the first real one', async () => {
    expect(await startIntegrationId(userId, [integration(1, 'ok', true), integration(2, 'ok')])).toBe(2);
    expect(await startIntegrationId(userId, [integration(1, null, true), integration(2, null)])).toBe(2);
    expect(await startIntegrationId(userId, [])).toBeNull();
  });

  it('a token (no user) remembers nothing', async () => {
    await rememberIntegration(null, 2);
    expect(await startIntegrationId(userId, [integration(1, null), integration(2, null)])).toBe(1);
  });
});
