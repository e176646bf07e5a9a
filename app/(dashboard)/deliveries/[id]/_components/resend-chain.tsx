import Link from 'next/link';

import { SOURCE_INFO } from '@/components/deliveries/labels';
import { StatusBadge } from '@/components/deliveries/status-badge';
import { Badge } from '@/components/ui/badge';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { LocalTime } from '@/components/ui/local-time';
import type { DeliveryDetail } from '@/lib/data/deliveries';

/**
 * A delivery and its resends as one chain, first to last, marking the one SALESmanago accepted and the
 * one on screen. Shown only when there is more than one delivery in the chain.
 */
export function ResendChain({ delivery: d }: { delivery: DeliveryDetail }) {
  if (d.chain.length < 2) return null;
  return (
    <Card>
      <CardHeader
        title="Sent more than once"
        description="This event and every resend of it, first to last. Once one is accepted, the others stop retrying."
      />
      <CardBody>
        <ol className="space-y-2 text-sm" aria-label="Resend chain">
          {d.chain.map((link, i) => {
            const current = link.id === d.id;
            return (
              <li key={link.id} className="flex flex-wrap items-center gap-x-2 gap-y-1">
                <span aria-hidden className="w-4 text-slate-500">
                  {i === 0 ? '●' : '→'}
                </span>
                {current ? (
                  <span className="font-semibold text-slate-900" aria-current="page">
                    Delivery #{link.id} (this one)
                  </span>
                ) : (
                  <Link
                    href={`/deliveries/${link.id}`}
                    className="text-brand-700 font-medium hover:underline"
                  >
                    Delivery #{link.id}
                  </Link>
                )}
                <StatusBadge status={link.status} />
                {link.status === 'succeeded' ? <Badge tone="success">Delivered</Badge> : null}
                <span className="text-xs text-slate-600">
                  {i === 0 ? 'First send' : SOURCE_INFO[link.source].label} ·{' '}
                  <LocalTime ms={link.createdAt} />
                </span>
              </li>
            );
          })}
        </ol>
      </CardBody>
    </Card>
  );
}
