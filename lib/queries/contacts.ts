import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';

import type { ErasurePreview } from '@/lib/data/contacts';
import { deliveryKeys, type DeliveryPage } from './deliveries';
import { apiFetch } from './fetcher';

/** The timeline's permalink: any email or ID, encoded so "@", "/", "%" and "+" survive the path. */
export const contactHref = (contact: string) => `/contacts/${encodeURIComponent(contact)}`;
const apiPath = (contact: string) => `/api/contacts/${encodeURIComponent(contact)}`;

export const contactKeys = {
  timeline: (contact: string, cursor?: number) =>
    [...deliveryKeys.all, 'contact', contact, cursor ?? 0] as const,
  erasure: (contact: string) => ['contact-erasure', contact] as const,
};

export const contactTimelineQuery = (contact: string, cursor?: number) =>
  queryOptions({
    queryKey: contactKeys.timeline(contact, cursor),
    queryFn: () => apiFetch<DeliveryPage>(`${apiPath(contact)}${cursor ? `?cursor=${cursor}` : ''}`),
  });

/** Counted fresh each time the confirmation opens. */
export const erasurePreviewQuery = (contact: string) =>
  queryOptions({
    queryKey: contactKeys.erasure(contact),
    queryFn: () => apiFetch<ErasurePreview>(`${apiPath(contact)}/erasure`),
    staleTime: 0,
    gcTime: 0,
  });

export function useEraseContact() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (contact: string) => apiFetch<ErasurePreview>(apiPath(contact), { method: 'DELETE' }),
    onSuccess: () => qc.invalidateQueries({ queryKey: deliveryKeys.all }),
  });
}
