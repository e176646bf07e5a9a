import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';

import type { JobView } from '@/lib/data/jobs';
import { attentionKeys } from './attention';
import { deliveryKeys } from './deliveries';
import { apiFetch } from './fetcher';

export const jobKeys = {
  job: (id: number) => ['jobs', id] as const,
};

export const jobQuery = (id: number) =>
  queryOptions({
    queryKey: jobKeys.job(id),
    queryFn: () => apiFetch<JobView>(`/api/jobs/${id}`),
    // Poll while the job runs; stop once it has ended.
    refetchInterval: (q) =>
      q.state.data && ['pending', 'running'].includes(q.state.data.status) ? 500 : false,
  });

export type FilterParams = Record<string, string | string[]>;

/** The bulk actions over a history filter: each has a preview (the exact count) and a job. */
export type BulkAction = 'retry' | 'cancel';

/** The exact count a bulk action would cover; always fetched fresh when asked for. */
export const bulkCountQuery = (action: BulkAction, filters: FilterParams) =>
  queryOptions({
    queryKey: ['bulk-count', action, filters] as const,
    queryFn: () =>
      apiFetch<{ count: number }>(`/api/deliveries/bulk-${action}/preview`, {
        method: 'POST',
        json: { filters },
      }).then((r) => r.count),
    staleTime: 0,
    gcTime: 0,
  });

export function useStartBulkAction(action: BulkAction) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { filters: FilterParams; expectedCount: number; reason?: string }) =>
      apiFetch<{ job: JobView; countChanged: boolean }>(`/api/deliveries/bulk-${action}`, {
        method: 'POST',
        json: body,
      }),
    onSuccess: ({ job }) => qc.setQueryData(jobKeys.job(job.id), job),
  });
}

/** Cancels a job; a kind with its own owner-checked route (exports) passes that route's path. */
export function useCancelJob(cancelPath?: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => apiFetch<JobView>(cancelPath ?? `/api/jobs/${id}/cancel`, { method: 'POST' }),
    onSuccess: (job) => qc.setQueryData(jobKeys.job(job.id), job),
  });
}

/** After a job ends, everything it touched is stale. */
export function invalidateAfterJob(qc: ReturnType<typeof useQueryClient>) {
  return Promise.all([
    qc.invalidateQueries({ queryKey: deliveryKeys.all }),
    qc.invalidateQueries({ queryKey: attentionKeys.all }),
  ]);
}
