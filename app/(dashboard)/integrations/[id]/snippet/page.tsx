import type { Metadata } from 'next';

import { Hydrate } from '@/components/providers/hydrate';
import { requirePageUser } from '@/lib/auth/page';
import { getInstallation } from '@/lib/data/installation';
import { getSnippet } from '@/lib/data/snippet-options';
import { AppError } from '@/lib/errors';
import { integrationKeys } from '@/lib/queries/integrations';
import { draftFromOptions, draftQuery, snippetKeys } from '@/lib/queries/snippet';
import { loadIntegration } from '../load';
import { SnippetPageClient } from './page-client';

export const metadata: Metadata = { title: 'Monitoring code' };

export default async function SnippetPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requirePageUser();
  const integration = await loadIntegration((await params).id, user.role);
  const id = integration.id;
  // Settings the generator refuses: the screen fetches, gets the same sentence, and shows it.
  const snippet = await getSnippet(id).catch((err: unknown) => {
    if (!(err instanceof AppError)) throw err;
    return undefined;
  });
  const seeds = [
    { queryKey: integrationKeys.detail(id), data: integration },
    { queryKey: snippetKeys.installation(id), data: await getInstallation(id) },
    ...(snippet
      ? [
          { queryKey: snippetKeys.options(id), data: snippet.options },
          // The key the screen asks for first: the saved options, as the options form writes them.
          { queryKey: snippetKeys.code(id, draftQuery(draftFromOptions(snippet.options))), data: snippet },
        ]
      : []),
  ];
  return (
    <Hydrate seeds={seeds}>
      <SnippetPageClient id={id} />
    </Hydrate>
  );
}
