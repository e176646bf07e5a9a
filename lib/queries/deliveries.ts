import { keepPreviousData, queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';

import type { DeliveryDetail, DeliveryView } from '@/lib/data/deliveries';
import { filtersToSearchParams, type DeliveryFilters } from '@/lib/validations/delivery';
import { apiFetch } from './fetcher';

export const deliveryKeys = {
  all: ['deliveries'] as const,
  lists: () => [...deliveryKeys.all, 'list'] as const,
  list: (f: Partial<DeliveryFilters>) =>
    [...deliveryKeys.lists(), filtersToSearchParams(f).toString()] as const,
  detail: (id: number) => [...deliveryKeys.all, 'detail', id] as const,
};

export type DeliveryPage = { items: DeliveryView[]; nextCursor: number | null };

export const deliveriesQuery = (f: Partial<DeliveryFilters>) =>
  queryOptions({
    queryKey: deliveryKeys.list(f),
    queryFn: () => apiFetch<DeliveryPage>(`/api/deliveries?${filtersToSearchParams(f).toString()}`),
    placeholderData: keepPreviousData,
  });

export const deliveryQuery = (id: number) =>
  queryOptions({
    queryKey: deliveryKeys.detail(id),
    queryFn: () => apiFetch<DeliveryDetail>(`/api/deliveries/${id}`),
  });

export function useResendDelivery() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => apiFetch<DeliveryDetail>(`/api/deliveries/${id}/resend`, { method: 'POST' }),
    onSuccess: () => qc.invalidateQueries({ queryKey: deliveryKeys.all }),
  });
}
