import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';

import type { AuditEntry } from '@/lib/data/audit';
import type { TokenView } from '@/lib/data/tokens';
import { apiFetch } from './fetcher';

export const adminKeys = {
  tokens: ['tokens'] as const,
  audit: (action: string, cursor?: number) => ['audit', action, cursor ?? null] as const,
};

export const tokensQuery = () =>
  queryOptions({
    queryKey: adminKeys.tokens,
    queryFn: () => apiFetch<{ items: TokenView[] }>('/api/tokens').then((r) => r.items),
  });

export function useCreateToken() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: { name: string; role: string }) =>
      apiFetch<TokenView & { token: string }>('/api/tokens', { method: 'POST', json: input }),
    onSuccess: () => qc.invalidateQueries({ queryKey: adminKeys.tokens }),
  });
}

export function useRevokeToken() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => apiFetch<TokenView>(`/api/tokens/${id}`, { method: 'DELETE' }),
    onSuccess: () => qc.invalidateQueries({ queryKey: adminKeys.tokens }),
  });
}

export const auditQuery = (action: string, cursor?: number) =>
  queryOptions({
    queryKey: adminKeys.audit(action, cursor),
    queryFn: () => {
      const q = new URLSearchParams();
      if (action) q.set('action', action);
      if (cursor) q.set('cursor', String(cursor));
      return apiFetch<{ items: AuditEntry[]; nextCursor: number | null }>(`/api/audit?${q.toString()}`);
    },
  });
