import { keepPreviousData, queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';

import type { InstallationView } from '@/lib/data/installation';
import type { SnippetView } from '@/lib/data/snippet-options';
import type { SnippetCheckView } from '@/lib/integrations/snippet-check';
import type { SnippetFormat, SnippetOptions } from '@/lib/validations/snippet';
import { ApiError, apiFetch } from './fetcher';

export const snippetKeys = {
  all: (id: number) => ['snippet', id] as const,
  code: (id: number, query: string) => [...snippetKeys.all(id), 'code', query] as const,
  options: (id: number) => [...snippetKeys.all(id), 'options'] as const,
  installation: (id: number) => [...snippetKeys.all(id), 'installation'] as const,
};

/**
 * The options form as typed: numbers and commands stay text until the server has read them, so a
 * half-typed value is answered with a field error instead of being lost.
 */
export interface SnippetDraft {
  smapp: string;
  smcustom: boolean;
  smbanners: boolean;
  cookieLifetimeDays: string;
  clientIdPlaceholder: boolean;
  popups: boolean;
  /** One `sm(...)` command per line. */
  commands: string;
  format: SnippetFormat;
}

export const DEFAULT_DRAFT: SnippetDraft = {
  smapp: '',
  smcustom: false,
  smbanners: false,
  cookieLifetimeDays: '',
  clientIdPlaceholder: false,
  popups: false,
  commands: '',
  format: 'readable',
};

export function draftFromOptions(options: SnippetOptions): SnippetDraft {
  return {
    smapp: options.smapp === undefined ? '' : String(options.smapp),
    smcustom: options.smcustom,
    smbanners: options.smbanners,
    cookieLifetimeDays: options.cookieLifetimeDays === undefined ? '' : String(options.cookieLifetimeDays),
    clientIdPlaceholder: options.clientIdPlaceholder,
    popups: options.popups,
    commands: options.extraCommands.join('\n'),
    format: options.format,
  };
}

/** How the API names a draft field in its errors (query parameters), and where the form shows them. */
const ERROR_FIELDS: Record<string, keyof SnippetDraft> = {
  smapp: 'smapp',
  clt: 'cookieLifetimeDays',
  cmd: 'commands',
  smcustom: 'smcustom',
  smbanners: 'smbanners',
  smclientid: 'clientIdPlaceholder',
  popups: 'popups',
  format: 'format',
};

/** The API's field errors for a draft query, keyed by form field; `cmd.2` reads "Line 3: …". */
export function draftFieldErrors(
  fieldErrors: Record<string, string[]>,
): Partial<Record<keyof SnippetDraft, string[]>> {
  const out: Partial<Record<keyof SnippetDraft, string[]>> = {};
  for (const [key, messages] of Object.entries(fieldErrors)) {
    const [param = '', index] = key.split('.');
    // Own keys only: "constructor" must not find Object.prototype's member.
    const field = Object.hasOwn(ERROR_FIELDS, param) ? ERROR_FIELDS[param] : undefined;
    if (!field) continue;
    const prefix = field === 'commands' && index !== undefined ? `Line ${Number(index) + 1}: ` : '';
    (out[field] ??= []).push(...messages.map((m) => `${prefix}${m}`));
  }
  return out;
}

/** The draft as `GET …/snippet` query parameters. Every flag is explicit, so saved ones never leak in. */
export function draftQuery(draft: SnippetDraft): string {
  const params = new URLSearchParams();
  const flag = (on: boolean) => (on ? '1' : '0');
  if (draft.smapp.trim()) params.set('smapp', draft.smapp.trim());
  params.set('smcustom', flag(draft.smcustom));
  params.set('smbanners', flag(draft.smbanners));
  if (draft.cookieLifetimeDays.trim()) params.set('clt', draft.cookieLifetimeDays.trim());
  params.set('smclientid', flag(draft.clientIdPlaceholder));
  params.set('popups', flag(draft.popups));
  for (const line of commandLines(draft)) params.append('cmd', line);
  params.set('format', draft.format);
  return params.toString();
}

/** The non-empty command lines, in order; `cmd.N` errors count these lines from 0. */
export function commandLines(draft: SnippetDraft): string[] {
  return draft.commands.split('\n').filter((line) => line.trim() !== '');
}

const noRetryOnRefusal = (count: number, err: Error) =>
  count < 2 && !(err instanceof ApiError && err.status >= 400 && err.status < 500);

export const snippetCodeQuery = (id: number, query: string) =>
  queryOptions({
    queryKey: snippetKeys.code(id, query),
    queryFn: () => apiFetch<SnippetView>(`/api/integrations/${id}/snippet?${query}`),
    placeholderData: keepPreviousData,
    staleTime: Infinity,
    retry: noRetryOnRefusal,
  });

export const snippetOptionsQuery = (id: number) =>
  queryOptions({
    queryKey: snippetKeys.options(id),
    queryFn: () =>
      apiFetch<{ options: SnippetOptions }>(`/api/integrations/${id}/snippet-options`).then((r) => r.options),
  });

/** Polls quickly while waiting for the first visit, slowly after (a later visit may name a new page). */
export const installationQuery = (id: number) =>
  queryOptions({
    queryKey: snippetKeys.installation(id),
    queryFn: () => apiFetch<InstallationView>(`/api/integrations/${id}/installation`),
    refetchInterval: (query) => {
      const data = query.state.data;
      if (data?.detection !== 'sandbox') return false;
      return data.lastSeen ? 15_000 : 3_000;
    },
    staleTime: 0,
  });

export function useSaveSnippetOptions(id: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (options: SnippetOptions) =>
      apiFetch<{ options: SnippetOptions }>(`/api/integrations/${id}/snippet-options`, {
        method: 'PUT',
        json: options,
      }).then((r) => r.options),
    onSuccess: (options) => qc.setQueryData(snippetKeys.options(id), options),
  });
}

export type SnippetCheckInput = ({ html: string } | { url: string }) & { options?: SnippetOptions };

export function useCheckSnippet(id: number) {
  return useMutation({
    mutationFn: (input: SnippetCheckInput) =>
      apiFetch<SnippetCheckView>(`/api/integrations/${id}/snippet/check`, { method: 'POST', json: input }),
  });
}
