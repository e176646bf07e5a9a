'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { toast } from 'sonner';

import { Button, buttonClass } from '@/components/ui/button';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import type { DeliveryDetail } from '@/lib/data/deliveries';
import { useResendDelivery } from '@/lib/queries/deliveries';

/**
 * "Resend" (the same event again, after a confirmation) and "Edit and resend" (the composer, filled in
 * from this delivery). Both need the integration; when it was deleted they stay visible but disabled,
 * described by the note whose id is `disabledNoteId`.
 */
export function ResendActions({
  delivery: d,
  disabledNoteId,
}: {
  delivery: DeliveryDetail;
  disabledNoteId?: string;
}) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const resend = useResendDelivery();
  const disabled = d.integrationId === null;

  const editHref = `/send?from=${d.id}&integrationId=${d.integrationId}`;

  return (
    <>
      <Button
        variant="primary"
        disabled={disabled}
        aria-describedby={disabledNoteId}
        onClick={() => setOpen(true)}
      >
        Resend…
      </Button>
      {disabled ? (
        <Button variant="secondary" disabled aria-describedby={disabledNoteId}>
          Edit and resend
        </Button>
      ) : (
        <Link href={editHref} className={buttonClass('secondary')}>
          Edit and resend
        </Link>
      )}
      <ConfirmDialog
        open={open}
        onClose={() => {
          setOpen(false);
          resend.reset();
        }}
        title="Send this event again?"
        description={
          <>
            <p>
              SALESmanago will receive this {d.type} event for {d.contact} again and store it again, even if
              it stored it the first time
              {d.type === 'PURCHASE' ? ', so the order may count twice in its analytics' : ''}.
            </p>
            <p className="mt-2">
              The resend is recorded as a new delivery linked to #{d.id}; this one stays as it is.
            </p>
          </>
        }
        confirmLabel="Resend event"
        destructive={false}
        pending={resend.isPending}
        error={resend.error}
        errorTitle="The event was not sent again."
        onConfirm={() =>
          resend.mutate(d.id, {
            onSuccess: (created) => {
              toast.success(`Sent again as delivery #${created.id}.`);
              setOpen(false);
              router.push(`/deliveries/${created.id}`);
            },
          })
        }
      />
    </>
  );
}
