import { queryOptions } from '@tanstack/react-query';

import type { SandboxContactDetail, SandboxContactsPage } from '@/lib/data/sandbox-contacts';
import { apiFetch } from './fetcher';

export const sandboxKeys = {
  all: ['sandbox'] as const,
  contacts: () => [...sandboxKeys.all, 'contacts'] as const,
  contact: (id: string) => [...sandboxKeys.all, 'contact', id] as const,
};

export const sandboxContactsQuery = () =>
  queryOptions({
    queryKey: sandboxKeys.contacts(),
    queryFn: () => apiFetch<SandboxContactsPage>('/api/sandbox/contacts'),
  });

export const sandboxContactQuery = (id: string) =>
  queryOptions({
    queryKey: sandboxKeys.contact(id),
    queryFn: () => apiFetch<SandboxContactDetail>(`/api/sandbox/contacts/${encodeURIComponent(id)}`),
  });
