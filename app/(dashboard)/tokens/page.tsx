import type { Metadata } from 'next';

import { Hydrate } from '@/components/providers/hydrate';
import { Forbidden } from '@/components/ui/forbidden';
import { requirePageUser } from '@/lib/auth/page';
import { can } from '@/lib/roles';
import { listTokens } from '@/lib/data/tokens';
import { adminKeys } from '@/lib/queries/admin';
import { TokensPageClient } from './page-client';

export const metadata: Metadata = { title: 'API tokens' };

export default async function TokensPage() {
  const user = await requirePageUser();
  if (!can(user.role, 'tokens:manage')) return <Forbidden what="Only admins manage API tokens." />;
  return (
    <Hydrate seeds={[{ queryKey: adminKeys.tokens, data: listTokens() }]}>
      <TokensPageClient />
    </Hydrate>
  );
}
