import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';

import type { IncidentDetail, IncidentView } from '@/lib/data/incidents';
import type { IntegrationView } from '@/lib/data/integrations';
import type { VerificationHistoryItem } from '@/lib/data/verifications';
import type { IncidentThresholds } from '@/lib/validations/incident';
import type { SandboxSecretInput } from '@/lib/validations/sandbox';
import { apiFetch } from './fetcher';
import { integrationKeys } from './integrations';

/** Incidents (their list, one, the sidebar's count) and what acts on them: pause, thresholds, checks. */
export const incidentKeys = {
  all: ['incidents'] as const,
  list: (state: 'open' | 'past') => [...incidentKeys.all, 'list', state] as const,
  detail: (id: number) => [...incidentKeys.all, 'detail', id] as const,
  count: () => [...incidentKeys.all, 'count'] as const,
  thresholds: (integrationId: number) => [...incidentKeys.all, 'thresholds', integrationId] as const,
  verifications: (integrationId: number) =>
    [...integrationKeys.detail(integrationId), 'verifications'] as const,
};

export type IncidentList = { items: IncidentView[]; nextCursor: number | null };

// Incidents open and close on the server's timers: the screens look again every few seconds.
export const incidentsQuery = (state: 'open' | 'past') =>
  queryOptions({
    queryKey: incidentKeys.list(state),
    queryFn: () => apiFetch<IncidentList>(`/api/incidents?state=${state}`),
    refetchInterval: 10_000,
  });

export const incidentQuery = (id: number) =>
  queryOptions({
    queryKey: incidentKeys.detail(id),
    queryFn: () => apiFetch<IncidentDetail>(`/api/incidents/${id}`),
    refetchInterval: 10_000,
  });

export const openIncidentCountQuery = () =>
  queryOptions({
    queryKey: incidentKeys.count(),
    queryFn: () => apiFetch<{ total: number }>('/api/incidents?countOnly=1').then((r) => r.total),
    refetchInterval: 15_000,
  });

export const thresholdsQuery = (integrationId: number) =>
  queryOptions({
    queryKey: incidentKeys.thresholds(integrationId),
    queryFn: () => apiFetch<IncidentThresholds>(`/api/integrations/${integrationId}/incident-thresholds`),
  });

export const verificationsQuery = (integrationId: number) =>
  queryOptions({
    queryKey: incidentKeys.verifications(integrationId),
    queryFn: () =>
      apiFetch<{ items: VerificationHistoryItem[] }>(`/api/integrations/${integrationId}/verifications`).then(
        (r) => r.items,
      ),
  });

/** After anything that may open, close or pause: incidents and integrations are read again. */
function useRefreshAll() {
  const qc = useQueryClient();
  return () =>
    Promise.all([
      qc.invalidateQueries({ queryKey: incidentKeys.all }),
      qc.invalidateQueries({ queryKey: integrationKeys.all }),
    ]);
}

export function useIncidentAction(id: number) {
  const qc = useQueryClient();
  const refresh = useRefreshAll();
  return useMutation({
    mutationFn: ({ action, reason }: { action: 'acknowledge' | 'resolve'; reason?: string }) =>
      apiFetch<IncidentDetail>(`/api/incidents/${id}/${action}`, {
        method: 'POST',
        ...(reason ? { json: { reason } } : {}),
      }),
    onSuccess: (incident) => {
      qc.setQueryData(incidentKeys.detail(id), incident);
      return refresh();
    },
  });
}

export function useSaveThresholds(integrationId: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (value: IncidentThresholds) =>
      apiFetch<IncidentThresholds>(`/api/integrations/${integrationId}/incident-thresholds`, {
        method: 'PUT',
        json: value,
      }),
    onSuccess: (value) => qc.setQueryData(incidentKeys.thresholds(integrationId), value),
  });
}

/** Pause (with an optional note) or resume an integration's sending. */
export function useSendingControl(integrationId: number) {
  const qc = useQueryClient();
  const refresh = useRefreshAll();
  return useMutation({
    mutationFn: ({ action, reason }: { action: 'pause' | 'resume'; reason?: string }) =>
      apiFetch<IntegrationView>(`/api/integrations/${integrationId}/${action}`, {
        method: 'POST',
        ...(reason ? { json: { reason } } : {}),
      }),
    onSuccess: (integration) => {
      qc.setQueryData(integrationKeys.detail(integrationId), integration);
      return refresh();
    },
  });
}

export function useSetSandboxSecret() {
  return useMutation({
    mutationFn: (input: SandboxSecretInput) =>
      apiFetch<{ ok: true }>('/api/sandbox/account/secret', { method: 'PUT', json: input }),
  });
}
