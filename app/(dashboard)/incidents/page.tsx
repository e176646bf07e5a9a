import type { Metadata } from 'next';

import { Hydrate } from '@/components/providers/hydrate';
import { requirePageUser } from '@/lib/auth/page';
import { listIncidents } from '@/lib/data/incidents';
import { incidentKeys } from '@/lib/queries/incidents';
import { IncidentsPageClient } from './page-client';

export const metadata: Metadata = { title: 'Incidents' };

/** `?state=past` shows resolved incidents; anything else the open ones (the view is a URL). */
export default async function IncidentsPage({ searchParams }: { searchParams: Promise<{ state?: string }> }) {
  await requirePageUser();
  const state = (await searchParams).state === 'past' ? 'past' : 'open';
  return (
    <Hydrate
      seeds={[{ queryKey: incidentKeys.list(state), data: await listIncidents({ state, limit: 50 }) }]}
    >
      <IncidentsPageClient state={state} />
    </Hydrate>
  );
}
