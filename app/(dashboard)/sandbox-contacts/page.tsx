import type { Metadata } from 'next';

import { Hydrate } from '@/components/providers/hydrate';
import { requirePageUser } from '@/lib/auth/page';
import { listSandboxContacts } from '@/lib/data/sandbox-contacts';
import { sandboxKeys } from '@/lib/queries/sandbox';
import { MagicContacts } from './_components/magic-contacts';
import { SandboxContactsPageClient } from './page-client';

export const metadata: Metadata = { title: 'Sandbox contacts' };

export default async function SandboxContactsPage() {
  await requirePageUser();
  return (
    <Hydrate seeds={[{ queryKey: sandboxKeys.contacts(), data: await listSandboxContacts() }]}>
      <SandboxContactsPageClient />
      {/* Static documentation, rendered on the server: the magic contacts' rules live in server code. */}
      <MagicContacts />
    </Hydrate>
  );
}
