import type { Metadata } from 'next';

import { Hydrate } from '@/components/providers/hydrate';
import { requirePageUser } from '@/lib/auth/page';
import { attentionGroups, pendingDecisions } from '@/lib/data/attention';
import { attentionKeys } from '@/lib/queries/attention';
import { AttentionPageClient } from './page-client';

export const metadata: Metadata = { title: 'Needs attention' };

export default async function AttentionPage() {
  await requirePageUser();
  const groups = await attentionGroups();
  return (
    <Hydrate
      seeds={[
        {
          queryKey: attentionKeys.all,
          data: {
            groups,
            decisions: await pendingDecisions(),
            total: groups.reduce((n, g) => n + g.count, 0),
          },
        },
      ]}
    >
      <AttentionPageClient />
    </Hydrate>
  );
}
