import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';

import type { IntegrationView, VerificationView } from '@/lib/data/integrations';
import type {
  CreateIntegrationInput,
  UpdateIntegrationInput,
  UnknownOutcomeInput,
} from '@/lib/validations/integration';
import { apiFetch } from './fetcher';

export const integrationKeys = {
  all: ['integrations'] as const,
  list: () => [...integrationKeys.all, 'list'] as const,
  detail: (id: number) => [...integrationKeys.all, 'detail', id] as const,
};

export const integrationsQuery = () =>
  queryOptions({
    queryKey: integrationKeys.list(),
    queryFn: () => apiFetch<{ items: IntegrationView[] }>('/api/integrations').then((r) => r.items),
  });

export const integrationQuery = (id: number) =>
  queryOptions({
    queryKey: integrationKeys.detail(id),
    queryFn: () => apiFetch<IntegrationView>(`/api/integrations/${id}`),
  });

export function useCreateIntegration() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateIntegrationInput) =>
      apiFetch<IntegrationView>('/api/integrations', { method: 'POST', json: input }),
    onSuccess: () => qc.invalidateQueries({ queryKey: integrationKeys.all }),
  });
}

export function useUpdateIntegration(id: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: UpdateIntegrationInput) =>
      apiFetch<IntegrationView>(`/api/integrations/${id}`, { method: 'PATCH', json: input }),
    onSuccess: (data) => {
      qc.setQueryData(integrationKeys.detail(id), data);
      return qc.invalidateQueries({ queryKey: integrationKeys.list() });
    },
  });
}

/** "Ask me" or "retry automatically" after an unclear answer, per group of event types. */
export function useSetUnknownOutcome(id: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: UnknownOutcomeInput) =>
      apiFetch<IntegrationView>(`/api/integrations/${id}/unknown-outcome`, { method: 'PUT', json: input }),
    onSuccess: (data) => qc.setQueryData(integrationKeys.detail(id), data),
  });
}

export function useDeleteIntegration() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => apiFetch<void>(`/api/integrations/${id}`, { method: 'DELETE' }),
    onSuccess: (_data, id) => {
      qc.removeQueries({ queryKey: integrationKeys.detail(id) });
      return qc.invalidateQueries({ queryKey: integrationKeys.list() });
    },
  });
}

export function useVerifyIntegration(id: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () =>
      apiFetch<VerificationView & { ok: boolean }>(`/api/integrations/${id}/verify`, { method: 'POST' }),
    // A check opens or resolves the credentials incident too (lib/jobs/credentials-health.ts). Not
    // awaited: the button is done once the integration is read again, as before incidents existed.
    onSettled: () => {
      void qc.invalidateQueries({ queryKey: ['incidents'] });
      return qc.invalidateQueries({ queryKey: integrationKeys.all });
    },
  });
}

export function useRotateCollectorKey(id: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => apiFetch(`/api/integrations/${id}/collector/rotate-key`, { method: 'POST' }),
    onSuccess: () => qc.invalidateQueries({ queryKey: integrationKeys.all }),
  });
}
