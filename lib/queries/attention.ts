import { queryOptions } from '@tanstack/react-query';

import type { AttentionGroup } from '@/lib/data/attention';
import { apiFetch } from './fetcher';

/** Needs attention: failed deliveries not since resent successfully, by reason, and their count in the sidebar. */
export const attentionKeys = {
  all: ['attention'] as const,
  count: ['attention', 'count'] as const,
};

export const attentionQuery = () =>
  queryOptions({
    queryKey: attentionKeys.all,
    queryFn: () => apiFetch<{ groups: AttentionGroup[]; total: number }>('/api/attention'),
    refetchInterval: 10_000,
  });

export const attentionCountQuery = () =>
  queryOptions({
    queryKey: attentionKeys.count,
    queryFn: () => apiFetch<{ total: number }>('/api/attention?countOnly=1').then((r) => r.total),
    refetchInterval: 15_000,
  });
