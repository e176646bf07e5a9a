import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';

import type { DeliveryDetail } from '@/lib/data/deliveries';
import type { TemplateView } from '@/lib/data/templates';
import type { DryRunResult } from '@/lib/delivery/compose';
import type { DetailLabels } from '@/lib/validations/template';
import { deliveryKeys } from './deliveries';
import { apiFetch } from './fetcher';

export const composerKeys = {
  templates: (integrationId: number) => ['integrations', 'detail', integrationId, 'templates'] as const,
  labels: (integrationId: number) => ['integrations', 'detail', integrationId, 'detail-labels'] as const,
};

export interface SendArgs {
  integrationId: number;
  event: Record<string, unknown>;
  dryRun?: boolean;
  confirmDuplicate?: boolean;
  resendOf?: number | null;
}

function sendPath({ integrationId, dryRun, confirmDuplicate, resendOf }: SendArgs): string {
  const q = new URLSearchParams();
  if (dryRun) q.set('dryRun', '1');
  if (confirmDuplicate) q.set('confirmDuplicate', '1');
  if (resendOf) q.set('resendOf', String(resendOf));
  const qs = q.toString();
  return `/api/integrations/${integrationId}/events${qs ? `?${qs}` : ''}`;
}

/** Sends (or, with dryRun, only validates) one event; a real send refreshes the history. */
export function useSendEvent() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (args: SendArgs) =>
      apiFetch<DeliveryDetail | DryRunResult>(sendPath(args), { method: 'POST', json: args.event }),
    onSuccess: (result) => {
      if ('dryRun' in result) return;
      // A refusal of the credentials opens an incident and pauses the integration: screens say so
      // (read again in the background; the send is done once the history is).
      for (const queryKey of [['integrations'], ['incidents']]) void qc.invalidateQueries({ queryKey });
      return qc.invalidateQueries({ queryKey: deliveryKeys.all });
    },
  });
}

export function useCopyAsCurl() {
  return useMutation({
    mutationFn: ({
      integrationId,
      event,
      includeSecrets,
    }: {
      integrationId: number;
      event: Record<string, unknown>;
      includeSecrets: boolean;
    }) =>
      apiFetch<{ curl: string }>(`/api/integrations/${integrationId}/events/curl`, {
        method: 'POST',
        json: { event, includeSecrets },
      }),
  });
}

export const templatesQuery = (integrationId: number) =>
  queryOptions({
    queryKey: composerKeys.templates(integrationId),
    queryFn: () =>
      apiFetch<{ items: TemplateView[] }>(`/api/integrations/${integrationId}/templates`).then(
        (r) => r.items,
      ),
  });

export function useSaveTemplate(integrationId: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: { name: string; event: Record<string, unknown> }) =>
      apiFetch<TemplateView>(`/api/integrations/${integrationId}/templates`, { method: 'POST', json: input }),
    onSuccess: () => qc.invalidateQueries({ queryKey: composerKeys.templates(integrationId) }),
  });
}

export function useDeleteTemplate(integrationId: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (templateId: number) =>
      apiFetch<void>(`/api/integrations/${integrationId}/templates/${templateId}`, { method: 'DELETE' }),
    onSuccess: () => qc.invalidateQueries({ queryKey: composerKeys.templates(integrationId) }),
  });
}

export const detailLabelsQuery = (integrationId: number) =>
  queryOptions({
    queryKey: composerKeys.labels(integrationId),
    queryFn: () =>
      apiFetch<{ labels: DetailLabels }>(`/api/integrations/${integrationId}/detail-labels`).then(
        (r) => r.labels,
      ),
  });

export function useSaveDetailLabels(integrationId: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (labels: DetailLabels) =>
      apiFetch<{ labels: DetailLabels }>(`/api/integrations/${integrationId}/detail-labels`, {
        method: 'PUT',
        json: labels,
      }).then((r) => r.labels),
    onSuccess: (labels) => qc.setQueryData(composerKeys.labels(integrationId), labels),
  });
}
