'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { toast } from 'sonner';

import { Button } from '@/components/ui/button';
import type { DeliveryDetail } from '@/lib/data/deliveries';
import { deliveryKeys } from '@/lib/queries/deliveries';
import { apiFetch } from '@/lib/queries/fetcher';

/** "Retry now": a failed or waiting delivery gets another attempt at once, as the same delivery. */
export function RetryNowButton({ delivery: d }: { delivery: DeliveryDetail }) {
  const qc = useQueryClient();
  const retry = useMutation({
    mutationFn: () => apiFetch<DeliveryDetail>(`/api/deliveries/${d.id}/retry`, { method: 'POST' }),
    onSuccess: (updated) => {
      qc.setQueryData(deliveryKeys.detail(d.id), updated);
      toast.success('Sending again now. The new attempt appears below in a moment.');
      return qc.invalidateQueries({ queryKey: deliveryKeys.all });
    },
    onError: (err) => toast.error(err.message),
  });
  if (d.status !== 'failed' && d.status !== 'retrying') return null;
  return (
    <Button
      variant="secondary"
      loading={retry.isPending}
      disabled={d.integrationId === null}
      onClick={() => retry.mutate()}
    >
      Retry now
    </Button>
  );
}
