import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';

import type { TokenView } from '@/lib/data/tokens';
import { apiFetch } from './fetcher';

export const tokenKeys = {
  all: ['tokens'] as const,
};

export const tokensQuery = () =>
  queryOptions({
    queryKey: tokenKeys.all,
    queryFn: () => apiFetch<{ items: TokenView[] }>('/api/tokens').then((r) => r.items),
  });

export function useCreateToken() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: { name: string; role: string }) =>
      apiFetch<TokenView & { token: string }>('/api/tokens', { method: 'POST', json: input }),
    onSuccess: () => qc.invalidateQueries({ queryKey: tokenKeys.all }),
  });
}

export function useRevokeToken() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => apiFetch<TokenView>(`/api/tokens/${id}`, { method: 'DELETE' }),
    onSuccess: () => qc.invalidateQueries({ queryKey: tokenKeys.all }),
  });
}
