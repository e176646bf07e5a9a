import { queryOptions } from '@tanstack/react-query';

import type { AttentionGroup, PendingDecision } from '@/lib/data/attention';
import { apiFetch } from './fetcher';

/** Needs attention: what will not fix itself, by reason, and its count in the sidebar (one source). */
export const attentionKeys = {
  all: ['attention'] as const,
  count: ['attention', 'count'] as const,
};

export const attentionQuery = () =>
  queryOptions({
    queryKey: attentionKeys.all,
    queryFn: () =>
      apiFetch<{ groups: AttentionGroup[]; decisions: PendingDecision[]; total: number }>('/api/attention'),
    refetchInterval: 10_000,
  });

export const attentionCountQuery = () =>
  queryOptions({
    queryKey: attentionKeys.count,
    queryFn: () => apiFetch<{ total: number }>('/api/attention?countOnly=1').then((r) => r.total),
    refetchInterval: 15_000,
  });
