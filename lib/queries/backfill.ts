import { keepPreviousData, queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';

import type { PreviewResult } from '@/lib/backfill/scan';
import type { BackfillView } from '@/lib/backfill/view';
import type { BackfillPlan } from '@/lib/validations/backfill';
import { deliveryKeys } from './deliveries';
import { apiFetch } from './fetcher';

export const backfillKeys = {
  all: ['backfill'] as const,
  list: () => [...backfillKeys.all, 'list'] as const,
  detail: (id: number) => [...backfillKeys.all, 'detail', id] as const,
  preview: (id: number, plan: BackfillPlan) =>
    [...backfillKeys.detail(id), 'preview', JSON.stringify(plan)] as const,
};

const isActive = (j: BackfillView) => j.status === 'running' || (j.status === 'pending' && !!j.plan);
/** Rows imported but not yet answered by SALESmanago: worth watching a little longer. */
const inFlight = (j: BackfillView) => !!j.deliveries && j.deliveries.queued + j.deliveries.sending > 0;

export const backfillsQuery = () =>
  queryOptions({
    queryKey: backfillKeys.list(),
    queryFn: () => apiFetch<{ items: BackfillView[] }>('/api/backfill').then((r) => r.items),
    refetchInterval: (q) => (q.state.data?.some(isActive) ? 2000 : false),
  });

export const backfillQuery = (id: number) =>
  queryOptions({
    queryKey: backfillKeys.detail(id),
    queryFn: () => apiFetch<BackfillView>(`/api/backfill/${id}`),
    refetchInterval: (q) => {
      const j = q.state.data;
      if (!j) return false;
      return isActive(j) ? 1000 : inFlight(j) ? 2000 : false;
    },
  });

/** The validation preview is a read (nothing is written), so it is a query keyed by the plan. */
export const backfillPreviewQuery = (id: number, plan: BackfillPlan) =>
  queryOptions({
    queryKey: backfillKeys.preview(id, plan),
    queryFn: ({ signal }) =>
      apiFetch<PreviewResult>(`/api/backfill/${id}/preview`, { method: 'POST', json: plan, signal }),
    placeholderData: keepPreviousData,
    staleTime: 30_000,
    retry: false,
  });

export function useUploadBackfill() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ integrationId, file }: { integrationId: number; file: File }) => {
      const q = new URLSearchParams({ integrationId: String(integrationId), filename: file.name });
      // The file itself is the body: the browser streams it from disk, and so does the server to its disk.
      return apiFetch<BackfillView>(`/api/backfill?${q.toString()}`, {
        method: 'POST',
        body: file,
        headers: { 'content-type': 'text/csv' },
      });
    },
    onSuccess: (job) => {
      qc.setQueryData(backfillKeys.detail(job.id), job);
      return qc.invalidateQueries({ queryKey: backfillKeys.list() });
    },
  });
}

export function useStartBackfill(id: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (plan: BackfillPlan) =>
      apiFetch<BackfillView>(`/api/backfill/${id}/start`, { method: 'POST', json: plan }),
    onSuccess: (job) => {
      qc.setQueryData(backfillKeys.detail(id), job);
      void qc.invalidateQueries({ queryKey: deliveryKeys.all });
      return qc.invalidateQueries({ queryKey: backfillKeys.list() });
    },
  });
}

export function useCancelBackfill(id: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => apiFetch<BackfillView>(`/api/backfill/${id}/cancel`, { method: 'POST' }),
    onSuccess: (job) => {
      qc.setQueryData(backfillKeys.detail(id), job);
      return qc.invalidateQueries({ queryKey: backfillKeys.list() });
    },
  });
}

export function useDiscardBackfill(id: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => apiFetch<void>(`/api/backfill/${id}`, { method: 'DELETE' }),
    onSuccess: () => {
      qc.removeQueries({ queryKey: backfillKeys.detail(id) });
      return qc.invalidateQueries({ queryKey: backfillKeys.list() });
    },
  });
}
