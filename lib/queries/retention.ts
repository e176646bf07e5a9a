import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';

import type { JobView } from '@/lib/data/jobs';
import type { RetentionView } from '@/lib/data/retention';
import type { IntegrationRetention, RetentionSettings } from '@/lib/validations/retention';
import { apiFetch } from './fetcher';
import { jobKeys } from './jobs';

export const retentionKeys = { all: ['retention'] as const };

export const retentionQuery = () =>
  queryOptions({ queryKey: retentionKeys.all, queryFn: () => apiFetch<RetentionView>('/api/retention') });

export function useSaveRetention() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({
      integrationId,
      value,
    }: {
      integrationId?: number;
      value: RetentionSettings | IntegrationRetention;
    }) =>
      apiFetch<RetentionView>(
        integrationId ? `/api/integrations/${integrationId}/retention` : '/api/retention',
        {
          method: 'PUT',
          json: value,
        },
      ),
    onSuccess: (view) => qc.setQueryData(retentionKeys.all, view),
  });
}

export function useRunRetention() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => apiFetch<{ job: JobView }>('/api/retention/run', { method: 'POST' }),
    onSuccess: ({ job }) => qc.setQueryData(jobKeys.job(job.id), job),
  });
}
