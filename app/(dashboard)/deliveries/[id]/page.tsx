import type { Metadata } from 'next';
import { notFound } from 'next/navigation';

import { Hydrate } from '@/components/providers/hydrate';
import { requirePageUser } from '@/lib/auth/page';
import { getDeliveryDetail, type DeliveryDetail } from '@/lib/data/deliveries';
import { NotFoundError } from '@/lib/errors';
import { parseId } from '@/lib/ids';
import { deliveryKeys } from '@/lib/queries/deliveries';
import { DeliveryDetailPageClient } from './page-client';

type Params = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  return { title: `Delivery #${(await params).id}` };
}

/** The delivery for its permalink, or Next's 404 (with this folder's not-found page). */
async function loadDelivery(idText: string): Promise<DeliveryDetail> {
  const id = parseId(idText);
  if (id === undefined) notFound();
  try {
    return await getDeliveryDetail(id);
  } catch (err) {
    if (err instanceof NotFoundError) notFound();
    throw err;
  }
}

export default async function DeliveryPage({ params }: Params) {
  await requirePageUser();
  const delivery = await loadDelivery((await params).id);
  return (
    <Hydrate seeds={[{ queryKey: deliveryKeys.detail(delivery.id), data: delivery }]}>
      <DeliveryDetailPageClient id={delivery.id} />
    </Hydrate>
  );
}
