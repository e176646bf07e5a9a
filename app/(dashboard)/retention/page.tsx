import type { Metadata } from 'next';

import { Hydrate } from '@/components/providers/hydrate';
import { Forbidden } from '@/components/ui/forbidden';
import { requirePageUser } from '@/lib/auth/page';
import { getRetention } from '@/lib/data/retention';
import { retentionKeys } from '@/lib/queries/retention';
import { can } from '@/lib/roles';
import { RetentionPageClient } from './page-client';

export const metadata: Metadata = { title: 'Retention' };

export default async function RetentionPage() {
  const user = await requirePageUser();
  if (!can(user.role, 'retention:manage'))
    return <Forbidden what="Only admins decide how long the history is kept." />;
  return (
    <Hydrate seeds={[{ queryKey: retentionKeys.all, data: await getRetention() }]}>
      <RetentionPageClient />
    </Hydrate>
  );
}
