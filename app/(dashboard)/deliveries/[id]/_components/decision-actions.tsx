'use client';

import { useState } from 'react';
import { toast } from 'sonner';

import { Button } from '@/components/ui/button';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { InputField } from '@/components/ui/field';
import type { DeliveryDetail } from '@/lib/data/deliveries';
import { useDeliveryDecision } from '@/lib/queries/deliveries';

/** Failed after an unclear answer, and held back for a person (lib/salesmanago/duplicates.ts). */
export function awaitsDecision(d: Pick<DeliveryDetail, 'status' | 'reason'>): boolean {
  return d.status === 'failed' && d.reason?.code === 'maybe-stored';
}

/**
 * The decisions about a delivery's retries: "Stop retrying" while it waits or retries, and, when it may
 * already be in SALESmanago, "Send again" or "Mark as delivered".
 */
export function DecisionActions({ delivery: d }: { delivery: DeliveryDetail }) {
  const deciding = awaitsDecision(d);
  const stoppable = d.status === 'queued' || d.status === 'retrying' || deciding;
  return (
    <>
      {deciding ? <DecideButtons delivery={d} /> : null}
      {stoppable ? <StopRetrying delivery={d} /> : null}
    </>
  );
}

function DecideButtons({ delivery: d }: { delivery: DeliveryDetail }) {
  const again = useDeliveryDecision('retry');
  const delivered = useDeliveryDecision('mark-delivered');
  const onError = (err: Error) => toast.error(err.message);
  return (
    <>
      <Button
        loading={again.isPending}
        disabled={d.integrationId === null}
        onClick={() =>
          again.mutate(
            { id: d.id },
            { onSuccess: () => toast.success('Sending again now, as a possible duplicate.'), onError },
          )
        }
      >
        Send again
      </Button>
      <Button
        variant="secondary"
        loading={delivered.isPending}
        onClick={() =>
          delivered.mutate(
            { id: d.id },
            { onSuccess: () => toast.success('Marked as delivered. It will not be sent again.'), onError },
          )
        }
      >
        Mark as delivered
      </Button>
    </>
  );
}

function StopRetrying({ delivery: d }: { delivery: DeliveryDetail }) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const stop = useDeliveryDecision('cancel');
  const close = () => {
    setOpen(false);
    stop.reset();
  };
  return (
    <>
      <Button variant="secondary" onClick={() => setOpen(true)}>
        Stop retrying…
      </Button>
      <ConfirmDialog
        open={open}
        onClose={close}
        title="Stop retrying this delivery?"
        description={
          <div className="flex flex-col gap-3">
            <p>
              Delivery #{d.id} ends as cancelled and is not sent again by itself. You can still resend it
              later.
            </p>
            <InputField
              label="Why"
              optional
              hint="Kept with the delivery and in the audit log."
              maxLength={500}
              value={reason}
              onValueChange={setReason}
            />
          </div>
        }
        confirmLabel="Stop retrying"
        pending={stop.isPending}
        error={stop.error}
        errorTitle="Retrying was not stopped."
        onConfirm={() =>
          stop.mutate(
            { id: d.id, reason: reason.trim() || undefined },
            {
              onSuccess: () => {
                toast.success(`Delivery #${d.id} stopped.`);
                close();
              },
            },
          )
        }
      />
    </>
  );
}
