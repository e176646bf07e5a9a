'use client';

import Link from 'next/link';
import { toast } from 'sonner';

import { Button } from '@/components/ui/button';
import { LocalTime } from '@/components/ui/local-time';
import type { PendingDecision } from '@/lib/data/attention';
import { useDeliveryDecision } from '@/lib/queries/deliveries';

/**
 * The deliveries that may already be in SALESmanago, each with its two answers: "Send again" (a new
 * attempt, flagged as a possible duplicate) or "Mark as delivered" (after finding it in SALESmanago).
 */
export function DecisionList({ items, canDecide }: { items: PendingDecision[]; canDecide: boolean }) {
  const again = useDeliveryDecision('retry');
  const delivered = useDeliveryDecision('mark-delivered');
  const onError = (err: Error) => toast.error(err.message);
  return (
    <ul
      className="divide-y divide-slate-200 rounded-md border border-slate-200"
      aria-label="Waiting for a decision"
    >
      {items.map((item) => {
        const label = `delivery #${item.id}`;
        return (
          <li key={item.id} className="flex flex-wrap items-center justify-between gap-3 px-3 py-2">
            <div className="min-w-0 text-sm">
              <Link href={`/deliveries/${item.id}`} className="text-brand-700 font-medium hover:underline">
                #{item.id} {item.type}
              </Link>{' '}
              <span className="break-all text-slate-800">{item.contact}</span>
              <span className="block text-xs text-slate-600">
                {item.externalId ? `${item.externalId} · ` : ''}
                {item.value !== null ? `${item.value} · ` : ''}
                {item.integrationName} · <LocalTime ms={item.createdAt} />
              </span>
            </div>
            {canDecide ? (
              <div className="flex flex-wrap gap-2">
                <Button
                  size="sm"
                  aria-label={`Send ${label} again`}
                  loading={again.isPending && again.variables?.id === item.id}
                  onClick={() =>
                    again.mutate(
                      { id: item.id },
                      { onSuccess: () => toast.success(`Sending #${item.id} again now.`), onError },
                    )
                  }
                >
                  Send again
                </Button>
                <Button
                  size="sm"
                  variant="secondary"
                  aria-label={`Mark ${label} as delivered`}
                  loading={delivered.isPending && delivered.variables?.id === item.id}
                  onClick={() =>
                    delivered.mutate(
                      { id: item.id },
                      { onSuccess: () => toast.success(`#${item.id} marked as delivered.`), onError },
                    )
                  }
                >
                  Mark as delivered
                </Button>
              </div>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}
