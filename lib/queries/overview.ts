import { keepPreviousData, queryOptions } from '@tanstack/react-query';

import type { OverviewQuery, OverviewResponse } from '@/lib/validations/overview';
import { overviewToSearchParams } from '@/lib/validations/overview-params';
import { apiFetch } from './fetcher';

/** The overview's numbers, one entry per period, integration, basis and time zone. */
export const overviewKeys = {
  all: ['overview'] as const,
  detail: (q: OverviewQuery) => [...overviewKeys.all, overviewToSearchParams(q).toString()] as const,
};

export const overviewQuery = (q: OverviewQuery) =>
  queryOptions({
    queryKey: overviewKeys.detail(q),
    queryFn: () => apiFetch<OverviewResponse>(`/api/overview?${overviewToSearchParams(q).toString()}`),
    // "Waiting now" and today's bars move while the screen is open.
    refetchInterval: 30_000,
    // A new period or integration keeps the last numbers on screen (marked as updating) until its own arrive.
    placeholderData: keepPreviousData,
  });
