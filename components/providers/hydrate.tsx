import { dehydrate, HydrationBoundary, QueryClient, type QueryKey } from '@tanstack/react-query';
import type { ReactNode } from 'react';

/**
 * Server side of the house data flow: seed React Query with data read in-process from lib/data,
 * so the client screen renders at once and refetches through the JSON API afterwards.
 */
export function Hydrate({
  seeds,
  children,
}: {
  seeds: Array<{ queryKey: QueryKey; data: unknown }>;
  children: ReactNode;
}) {
  const qc = new QueryClient();
  for (const seed of seeds) qc.setQueryData(seed.queryKey, seed.data);
  return <HydrationBoundary state={dehydrate(qc)}>{children}</HydrationBoundary>;
}
