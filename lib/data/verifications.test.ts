import { describe, expect, it } from 'vitest';

import { PG_TEST_TIMEOUT } from '@/db/test-helpers';
import { getIntegrationRow, saveVerification } from './integrations';
import { ENGINES, addTestIntegration, testOnEngine } from './test-helpers';
import { listVerifications } from './verifications';

const passed = { ok: true, checks: [{ name: 'auth', label: 'Credentials', ok: true, message: 'Accepted.' }] };
const refused = {
  ok: false,
  checks: [
    { name: 'endpoint', label: 'Endpoint', ok: true, message: 'Reached.' },
    { name: 'auth', label: 'Credentials', ok: false, message: 'The API key was refused.' },
    { name: 'owner', label: 'Owner', ok: false, notChecked: true as const, message: 'Not checked.' },
  ],
};

describe.each(ENGINES)('verifications on %s', { timeout: PG_TEST_TIMEOUT }, (kind) => {
  testOnEngine(kind);

  it('stores the last verification on the integration and appends it to the history, newest first', async () => {
    const id = await addTestIntegration();
    await saveVerification(id, { ...passed, users: ['a@shop.example'] }, 'schedule');
    await saveVerification(id, { ...refused, users: [] }, 'refusal');

    const row = await getIntegrationRow(id);
    expect(row.verifyStatus).toBe('failed');
    expect(row.verifyResult).toEqual({ checks: refused.checks, users: [] });
    // A failed check lists no users: the account's users stay those of the last check that listed them.
    expect(row.accountUsers).toEqual(['a@shop.example']);

    expect(await listVerifications(id)).toEqual([
      {
        id: expect.any(Number),
        at: row.verifiedAt,
        ok: false,
        trigger: 'refusal',
        message: 'The API key was refused.',
      },
      { id: expect.any(Number), at: expect.any(Number), ok: true, trigger: 'schedule', message: null },
    ]);
  });

  it("lists one integration's checks only, at most `limit` of them", async () => {
    const id = await addTestIntegration({ name: 'A' });
    const other = await addTestIntegration({ name: 'B' });
    for (const trigger of ['manual', 'edit', 'schedule'] as const)
      await saveVerification(id, { ...passed, users: [] }, trigger);
    await saveVerification(other, { ...refused, users: [] }, 'manual');
    expect((await listVerifications(id, 2)).map((v) => v.trigger)).toEqual(['schedule', 'edit']);
    expect(await listVerifications(other)).toHaveLength(1);
  });

  it('records nothing for an integration that does not exist', async () => {
    await expect(saveVerification(404, { ...passed, users: [] })).rejects.toThrow();
    expect(await listVerifications(404)).toEqual([]);
  });
});
