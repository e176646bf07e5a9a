import type { Metadata } from 'next';
import { notFound } from 'next/navigation';

import { Hydrate } from '@/components/providers/hydrate';
import { requirePageUser } from '@/lib/auth/page';
import { getSandboxContact, type SandboxContactDetail } from '@/lib/data/sandbox-contacts';
import { NotFoundError } from '@/lib/errors';
import { sandboxKeys } from '@/lib/queries/sandbox';
import { SandboxContactPageClient } from './page-client';

export const metadata: Metadata = { title: 'Sandbox contact' };

async function loadContact(id: string): Promise<SandboxContactDetail> {
  try {
    return await getSandboxContact(id);
  } catch (err) {
    if (err instanceof NotFoundError) notFound();
    throw err;
  }
}

export default async function SandboxContactPage({ params }: { params: Promise<{ id: string }> }) {
  await requirePageUser();
  const { id } = await params;
  const detail = await loadContact(id);
  return (
    <Hydrate seeds={[{ queryKey: sandboxKeys.contact(id), data: detail }]}>
      <SandboxContactPageClient id={id} />
    </Hydrate>
  );
}
