import { queryOptions } from '@tanstack/react-query';

import type { AuditEntry } from '@/lib/data/audit';
import { apiFetch } from './fetcher';

export const auditKeys = {
  list: (action: string, cursor?: number) => ['audit', action, cursor ?? null] as const,
};

export const auditQuery = (action: string, cursor?: number) =>
  queryOptions({
    queryKey: auditKeys.list(action, cursor),
    queryFn: () => {
      const q = new URLSearchParams();
      if (action) q.set('action', action);
      if (cursor) q.set('cursor', String(cursor));
      return apiFetch<{ items: AuditEntry[]; nextCursor: number | null }>(`/api/audit?${q.toString()}`);
    },
  });
