'use client';

import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';

import { LoadError } from '@/components/ui/load-error';
import { LoadingRows } from '@/components/ui/skeleton';
import type { IntegrationView } from '@/lib/data/integrations';
import { integrationQuery } from '@/lib/queries/integrations';
import { IntegrationHeader } from './integration-header';

/**
 * The frame of every /integrations/[id]/… screen: the integration's query (seeded by the page, so
 * loading is rare), a loading or error state while it has no data, then the shared header and tabs
 * above the screen itself. An unknown id never gets here: the page answers it with Next's 404.
 */
export function IntegrationScreen({
  id,
  loadingLabel = 'Loading the integration…',
  description,
  children,
}: {
  id: number;
  loadingLabel?: string;
  description?: string;
  children: (integration: IntegrationView) => ReactNode;
}) {
  const { data: integration, isPending, isError, error } = useQuery(integrationQuery(id));

  if (isPending) return <LoadingRows label={loadingLabel} />;
  if (isError) return <LoadError title="The integration could not be loaded." error={error} />;

  return (
    <>
      <IntegrationHeader integration={integration} description={description} />
      {children(integration)}
    </>
  );
}
