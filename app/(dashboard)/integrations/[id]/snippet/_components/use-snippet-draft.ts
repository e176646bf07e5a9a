'use client';

import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';

import { useDebounced } from '@/components/ui/use-debounced';
import type { SnippetView } from '@/lib/data/snippet-options';
import { ApiError } from '@/lib/queries/fetcher';
import {
  DEFAULT_DRAFT,
  draftFieldErrors,
  draftFromOptions,
  draftQuery,
  snippetCodeQuery,
  snippetOptionsQuery,
  type SnippetDraft,
} from '@/lib/queries/snippet';

/**
 * The options as edited on the screen and the code they give. The server renders the code (one
 * generator, the one the API serves), so every change is a GET; typing is debounced, and the last
 * good code stays on screen while a half-typed value is refused.
 */
export function useSnippetDraft(id: number) {
  const saved = useQuery(snippetOptionsQuery(id));
  const savedDraft = saved.data ? draftFromOptions(saved.data) : DEFAULT_DRAFT;
  const [draft, setDraft] = useState<SnippetDraft>(savedDraft);
  const query = draftQuery(draft);
  const settledQuery = useDebounced(query, 250);
  const code = useQuery(snippetCodeQuery(id, settledQuery));

  const [shown, setShown] = useState<SnippetView | undefined>(code.data);
  if (code.data && !code.isPlaceholderData && code.data !== shown) setShown(code.data);

  const error = code.isError ? code.error : null;
  const current = !error && !code.isPlaceholderData && !code.isFetching && settledQuery === query;
  return {
    draft,
    update: (patch: Partial<SnippetDraft>) => setDraft((d) => ({ ...d, ...patch })),
    reset: (to: SnippetDraft = savedDraft) => setDraft(to),
    dirty: query !== draftQuery(savedDraft),
    /** The code on screen: the current draft's once it has loaded, else the last good one. */
    snippet: shown,
    /** True when `snippet` is exactly the current draft's code (safe to save or to check against). */
    current,
    updating: !error && !current,
    error,
    fieldErrors: error instanceof ApiError ? draftFieldErrors(error.fieldErrors) : {},
  };
}

export type SnippetDraftState = ReturnType<typeof useSnippetDraft>;
