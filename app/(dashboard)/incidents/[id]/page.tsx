import type { Metadata } from 'next';
import { notFound } from 'next/navigation';

import { Hydrate } from '@/components/providers/hydrate';
import { requirePageUser } from '@/lib/auth/page';
import { getIncident, type IncidentDetail } from '@/lib/data/incidents';
import { NotFoundError } from '@/lib/errors';
import { parseId } from '@/lib/ids';
import { incidentKeys } from '@/lib/queries/incidents';
import { IncidentPageClient } from './page-client';

type Params = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  return { title: `Incident #${(await params).id}` };
}

async function loadIncident(idText: string): Promise<IncidentDetail> {
  const id = parseId(idText);
  if (id === undefined) notFound();
  try {
    return await getIncident(id);
  } catch (err) {
    if (err instanceof NotFoundError) notFound();
    throw err;
  }
}

export default async function IncidentPage({ params }: Params) {
  await requirePageUser();
  const incident = await loadIncident((await params).id);
  return (
    <Hydrate seeds={[{ queryKey: incidentKeys.detail(incident.id), data: incident }]}>
      <IncidentPageClient id={incident.id} />
    </Hydrate>
  );
}
