import { keepPreviousData, queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';

import type { DeliveryStatus } from '@/db/enums';
import type { DeliveryDetail } from '@/lib/data/deliveries';
import type { DeliveryPage } from '@/lib/data/deliveries-list';
import type { DeliveryFilters } from '@/lib/validations/delivery';
import { filtersToSearchParams } from '@/lib/validations/delivery-params';
import { attentionKeys } from './attention';
import { apiFetch } from './fetcher';

export const deliveryKeys = {
  all: ['deliveries'] as const,
  lists: () => [...deliveryKeys.all, 'list'] as const,
  list: (f: Partial<DeliveryFilters>) =>
    [...deliveryKeys.lists(), filtersToSearchParams(f).toString()] as const,
  detail: (id: number) => [...deliveryKeys.all, 'detail', id] as const,
};

export type { DeliveryPage } from '@/lib/data/deliveries-list';

/** How often the newest page of the history asks for new deliveries (e.g. from the website collector). */
export const LIVE_REFRESH_MS = 2_000;

export const deliveriesQuery = (f: Partial<DeliveryFilters>) =>
  queryOptions({
    queryKey: deliveryKeys.list(f),
    queryFn: () => apiFetch<DeliveryPage>(`/api/deliveries?${filtersToSearchParams(f).toString()}`),
    placeholderData: keepPreviousData,
    // Only the first page changes as deliveries arrive; an older page is a fixed window (keyset on id).
    refetchInterval: f.cursor ? false : LIVE_REFRESH_MS,
  });

/** Whether a delivery can still change on its own: the worker is sending it or will try again. */
export function isUnsettled(status: DeliveryStatus): boolean {
  return status === 'queued' || status === 'sending' || status === 'retrying';
}

export const deliveryQuery = (id: number) =>
  queryOptions({
    queryKey: deliveryKeys.detail(id),
    queryFn: () => apiFetch<DeliveryDetail>(`/api/deliveries/${id}`),
    // A permalink open while the worker retries shows each attempt as it lands; a settled one is final.
    refetchInterval: (q) => {
      const status = q.state.data?.status;
      if (!status || !isUnsettled(status)) return false;
      return status === 'retrying' ? 5_000 : 1_000;
    },
  });

/**
 * The decisions on one delivery: "Stop retrying" (cancel), "Mark as delivered", and "Send again"
 * (retry: the same delivery, a new attempt). Each answers with the delivery as it now is.
 */
export function useDeliveryDecision(action: 'cancel' | 'mark-delivered' | 'retry') {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, reason }: { id: number; reason?: string }) =>
      apiFetch<DeliveryDetail>(`/api/deliveries/${id}/${action}`, {
        method: 'POST',
        ...(action === 'retry' ? {} : { json: reason ? { reason } : {} }),
      }),
    onSuccess: (updated) => {
      qc.setQueryData(deliveryKeys.detail(updated.id), updated);
      return Promise.all([
        qc.invalidateQueries({ queryKey: deliveryKeys.all }),
        qc.invalidateQueries({ queryKey: attentionKeys.all }),
      ]);
    },
  });
}

export function useResendDelivery() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => apiFetch<DeliveryDetail>(`/api/deliveries/${id}/resend`, { method: 'POST' }),
    onSuccess: (created) => {
      qc.setQueryData(deliveryKeys.detail(created.id), created);
      return qc.invalidateQueries({ queryKey: deliveryKeys.all });
    },
  });
}
