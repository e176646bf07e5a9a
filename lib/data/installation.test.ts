import { describe, expect, it } from 'vitest';

import { schema } from '@/db';
import { PG_TEST_TIMEOUT } from '@/db/test-helpers';
import { NotFoundError } from '@/lib/errors';
import { db } from './engine';
import { getInstallation, pagesToRecheck, recordCodeSeen } from './installation';
import { ENGINES, addTestIntegration, testOnEngine } from './test-helpers';

async function visit(clientId: string, url: string, createdAt: number) {
  await db().insert(schema.sandboxVisits).values({ clientId, url, createdAt });
}

describe.each(ENGINES)('installation on %s', { timeout: PG_TEST_TIMEOUT }, (kind) => {
  testOnEngine(kind);

  it('a sandbox integration names the newest page its sm.js reported, of its own account only', async () => {
    const id = await addTestIntegration({ isSandbox: true, clientId: 'sbx1' });
    expect(await getInstallation(id)).toEqual({ detection: 'sandbox', lastSeen: null });
    await visit('sbx1', 'https://shop.example/old', 1_000);
    await visit('sbx1', 'https://shop.example/new', 3_000);
    await visit('sbx1', 'https://shop.example/between', 2_000);
    await visit('other', 'https://elsewhere.example/', 9_000);
    expect(await getInstallation(id)).toEqual({
      detection: 'sandbox',
      lastSeen: { url: 'https://shop.example/new', at: 3_000 },
    });
  });

  it('two reports in the same millisecond: the later one wins', async () => {
    const id = await addTestIntegration({ isSandbox: true, clientId: 'sbx1' });
    await visit('sbx1', 'https://shop.example/first', 5_000);
    await visit('sbx1', 'https://shop.example/second', 5_000);
    expect((await getInstallation(id)).lastSeen?.url).toBe('https://shop.example/second');
  });

  it('a real account names the last page check that found the code, and that page is re-checked', async () => {
    const real = await addTestIntegration({ name: 'Real' });
    const never = await addTestIntegration({ name: 'Never seen' });
    await addTestIntegration({ name: 'Sandbox', isSandbox: true, clientId: 'sbx1' });
    expect(await getInstallation(real)).toEqual({ detection: 'page-check', lastSeen: null });
    await recordCodeSeen(real, 'https://shop.example/', 1_800_000_000_000);
    expect(await getInstallation(real)).toEqual({
      detection: 'page-check',
      lastSeen: { url: 'https://shop.example/', at: 1_800_000_000_000 },
    });
    expect(await getInstallation(never)).toEqual({ detection: 'page-check', lastSeen: null });
    expect(await pagesToRecheck()).toEqual([{ id: real, url: 'https://shop.example/' }]);
  });

  it('lists the pages to re-check in integration order, sandboxes left out', async () => {
    const a = await addTestIntegration({ name: 'A' });
    const sandbox = await addTestIntegration({ name: 'S', isSandbox: true });
    const b = await addTestIntegration({ name: 'B' });
    await recordCodeSeen(b, 'https://b.example/', 2);
    await recordCodeSeen(sandbox, 'https://s.example/', 2);
    await recordCodeSeen(a, 'https://a.example/', 1);
    expect(await pagesToRecheck()).toEqual([
      { id: a, url: 'https://a.example/' },
      { id: b, url: 'https://b.example/' },
    ]);
  });

  it('an integration that does not exist is not found', async () => {
    await expect(getInstallation(404)).rejects.toBeInstanceOf(NotFoundError);
  });
});
