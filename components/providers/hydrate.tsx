import { dehydrate, HydrationBoundary, QueryClient, type QueryKey } from '@tanstack/react-query';
import type { ReactNode } from 'react';

import type { Settled } from '@/lib/settled';

/**
 * Server side of the house data flow: seed React Query with data read in-process from lib/data,
 * so the client screen renders at once and refetches through the JSON API afterwards.
 */
export function Hydrate<S extends Array<{ queryKey: QueryKey; data: unknown }> | []>({
  seeds,
  children,
}: {
  // Each seed's data as read, never a promise of it (a missed await would seed `{}`): lib/settled.ts.
  seeds: S & { [I in keyof S]: S[I] extends { data: infer D } ? { data: Settled<D> } : S[I] };
  children: ReactNode;
}) {
  const qc = new QueryClient();
  for (const seed of seeds) qc.setQueryData(seed.queryKey, seed.data);
  return <HydrationBoundary state={dehydrate(qc)}>{children}</HydrationBoundary>;
}
