import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';

import type { JobView } from '@/lib/data/jobs';
import type { StartExportInput } from '@/lib/validations/export';
import { apiFetch } from './fetcher';
import { jobKeys, type FilterParams } from './jobs';

/** How many rows an export of these filters holds, and up to how many download at once; always fresh. */
export const exportCountQuery = (filters: FilterParams) =>
  queryOptions({
    queryKey: ['export-count', filters] as const,
    queryFn: () =>
      apiFetch<{ count: number; directMaxRows: number }>('/api/exports/preview', {
        method: 'POST',
        json: { filters },
      }),
    staleTime: 0,
    gcTime: 0,
  });

export function useStartExport() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: StartExportInput) =>
      apiFetch<{ job: JobView }>('/api/exports', { method: 'POST', json: body }),
    onSuccess: ({ job }) => qc.setQueryData(jobKeys.job(job.id), job),
  });
}

export const exportDownloadPath = (jobId: number) => `/api/exports/${jobId}/download`;
export const exportCancelPath = (jobId: number) => `/api/exports/${jobId}/cancel`;
