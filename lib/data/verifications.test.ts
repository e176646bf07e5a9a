import { describe, expect, it } from 'vitest';

import { PG_TEST_TIMEOUT } from '@/db/test-helpers';
import type { VerificationTrigger } from '@/db/enums';
import { CredentialsChangedError, NotFoundError } from '@/lib/errors';
import { deleteIntegration, getIntegrationRow, saveVerification, updateIntegration } from './integrations';
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

/** Saves a verdict as a check that read the integration just now would. */
async function save(id: number, result: typeof passed, trigger?: VerificationTrigger) {
  await saveVerification(await getIntegrationRow(id), { ...result, users: [] }, trigger);
}

describe.each(ENGINES)('verifications on %s', { timeout: PG_TEST_TIMEOUT }, (kind) => {
  testOnEngine(kind);

  it('stores the last verification on the integration and appends it to the history, newest first', async () => {
    const id = await addTestIntegration();
    await saveVerification(await getIntegrationRow(id), { ...passed, users: ['a@shop.example'] }, 'schedule');
    await save(id, refused, 'refusal');

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
    for (const trigger of ['manual', 'edit', 'schedule'] as const) await save(id, passed, trigger);
    await save(other, refused, 'manual');
    expect((await listVerifications(id, 2)).map((v) => v.trigger)).toEqual(['schedule', 'edit']);
    expect(await listVerifications(other)).toHaveLength(1);
  });

  it('records nothing for an integration that does not exist (or was deleted during the check)', async () => {
    const id = await addTestIntegration();
    const checked = await getIntegrationRow(id);
    await deleteIntegration(id);
    await expect(saveVerification(checked, { ...passed, users: [] })).rejects.toBeInstanceOf(NotFoundError);
    expect(await listVerifications(id)).toEqual([]);
  });

  it('drops the verdict of credentials edited while they were checked', async () => {
    const id = await addTestIntegration({ endpoint: 'https://app3.salesmanago.com' });
    for (const edit of [
      { apiKey: 'key-new-0123456789abcdef' },
      { apiSecret: 'secret-new-0123456789abcdef' },
      { clientId: 'client-2' },
      { owner: 'boss@shop.example' },
      { endpoint: 'app2.salesmanago.com' },
    ]) {
      const checked = await getIntegrationRow(id);
      await updateIntegration(id, edit, 'admin');
      await expect(saveVerification(checked, { ...refused, users: [] }, 'schedule')).rejects.toBeInstanceOf(
        CredentialsChangedError,
      );
    }
    const row = await getIntegrationRow(id);
    expect([row.verifyStatus, row.verifiedAt, row.verifyResult]).toEqual([null, null, null]);
    expect(await listVerifications(id)).toEqual([]);
  });

  it('records the verdict when only other settings were edited during the check', async () => {
    const id = await addTestIntegration();
    const checked = await getIntegrationRow(id);
    await updateIntegration(id, { name: 'Shop renamed' }, 'admin');
    await saveVerification(checked, { ...passed, users: [] }, 'manual');
    expect((await getIntegrationRow(id)).verifyStatus).toBe('ok');
    expect(await listVerifications(id)).toMatchObject([{ ok: true, trigger: 'manual' }]);
  });
});
