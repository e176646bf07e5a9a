'use client';

import Link from 'next/link';

import { StatusBadge } from '@/components/deliveries/status-badge';
import { Button } from '@/components/ui/button';
import { Dialog } from '@/components/ui/dialog';
import { LocalTime } from '@/components/ui/local-time';
import type { DeliveryStatus } from '@/db/enums';

export interface DuplicateInfo {
  message: string;
  duplicates: Array<{ id: number; createdAt: number; status: DeliveryStatus; why: string }>;
}

/** The duplicate guard's question: the same externalId or an identical event was just sent. */
export function DuplicateDialog({
  info,
  onCancel,
  onConfirm,
  pending,
}: {
  info: DuplicateInfo | null;
  onCancel: () => void;
  onConfirm: () => void;
  pending: boolean;
}) {
  return (
    <Dialog
      open={!!info}
      onClose={onCancel}
      title="Send this event again?"
      description={info?.message}
      footer={
        <>
          <Button variant="secondary" onClick={onCancel}>
            Don’t send
          </Button>
          <Button onClick={onConfirm} loading={pending}>
            Send anyway
          </Button>
        </>
      }
    >
      {info ? (
        <ul className="flex flex-col gap-2 text-sm">
          {info.duplicates.map((d) => (
            <li key={d.id} className="flex flex-wrap items-center gap-2">
              <Link
                href={`/deliveries/${d.id}`}
                className="text-brand-700 font-medium underline"
                target="_blank"
              >
                Delivery #{d.id}
              </Link>
              <StatusBadge status={d.status} />
              <LocalTime ms={d.createdAt} seconds className="text-slate-600" />
              <span className="text-slate-600">
                {d.why === 'same-external-id' ? '(same externalId)' : '(identical event)'}
              </span>
            </li>
          ))}
        </ul>
      ) : null}
    </Dialog>
  );
}
