import { describe, expect, it } from 'vitest';

import { schema } from '@/db';
import { PG_TEST_TIMEOUT } from '@/db/test-helpers';
import { withContactEmails } from './contact-emails';
import type { DeliveryView } from './deliveries';
import { db } from './engine';
import { ENGINES, testOnEngine } from './test-helpers';

const delivery = (id: number, contact: string) => ({ id, contact }) as DeliveryView;

describe.each(ENGINES)('withContactEmails on %s', { timeout: PG_TEST_TIMEOUT }, (kind) => {
  testOnEngine(kind);

  it('adds the email of each contact ID the sandbox knows, and leaves emails and unknown IDs as they are', async () => {
    const [account] = await db()
      .insert(schema.sandboxAccounts)
      .values({ clientId: 'sbx', apiSecretEnc: 'x' })
      .returning();
    await db()
      .insert(schema.sandboxContacts)
      .values([
        { id: 'c-known', accountId: account!.id, email: 'known@example.com' },
        { id: 'c-anonymous', accountId: account!.id, email: null },
      ]);
    const items = [
      delivery(1, 'c-known'),
      delivery(2, 'someone@example.com'),
      delivery(3, 'c-anonymous'),
      delivery(4, 'c-unknown'),
      delivery(5, 'c-known'),
    ];
    expect(await withContactEmails(items)).toEqual([
      { id: 1, contact: 'c-known', contactEmail: 'known@example.com' },
      { id: 2, contact: 'someone@example.com' },
      { id: 3, contact: 'c-anonymous' },
      { id: 4, contact: 'c-unknown' },
      { id: 5, contact: 'c-known', contactEmail: 'known@example.com' },
    ]);
  });

  it('asks nothing when every contact is an email', async () => {
    const items = [delivery(1, 'a@example.com')];
    expect(await withContactEmails(items)).toBe(items);
  });
});
