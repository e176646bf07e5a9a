import type { Metadata } from 'next';

import { Hydrate } from '@/components/providers/hydrate';
import { Forbidden } from '@/components/ui/forbidden';
import { requirePageUser } from '@/lib/auth/page';
import { can } from '@/lib/roles';
import { listTokens } from '@/lib/data/tokens';
import { tokenKeys } from '@/lib/queries/tokens';
import { TokensPageClient } from './page-client';

export const metadata: Metadata = { title: 'API tokens' };

export default async function TokensPage() {
  const user = await requirePageUser();
  if (!can(user.role, 'tokens:manage')) return <Forbidden what="Only admins manage API tokens." />;
  return (
    <Hydrate seeds={[{ queryKey: tokenKeys.all, data: await listTokens() }]}>
      <TokensPageClient />
    </Hydrate>
  );
}
