// The overview's URL: the API's parameters (period, custom days, integration, basis; parsed by the one
// shared schema) plus `stack`, how "Events over time" splits its bars, which only the screen knows. The
// viewer's time zone is not in the URL: a shared link shows each reader their own days.
// Parsing runs on the server (page.tsx); the browser writes URLs with ./overview-href.ts, which has no zod.
import { fieldErrorsOf } from '@/lib/validations/common';
import { overviewQuerySchema, type OverviewQuery } from '@/lib/validations/overview';
import { isStackBy, type OverviewView } from './overview-href';

type SearchParamsRecord = Record<string, string | string[] | undefined>;

export type ParsedOverviewView =
  { ok: true; view: OverviewView } | { ok: false; message: string; fieldErrors: Record<string, string[]> };

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export function parseOverviewSearchParams(params: SearchParamsRecord): ParsedOverviewView {
  const stack = first(params.stack);
  if (stack !== undefined && stack !== '' && !isStackBy(stack)) {
    const message = `Unknown split "${stack}": use outcome, type or source.`;
    return { ok: false, message, fieldErrors: { stack: [message] } };
  }
  const parsed = overviewQuerySchema.safeParse({
    period: first(params.period) || undefined,
    from: first(params.from) || undefined,
    to: first(params.to) || undefined,
    integrationId: first(params.integrationId),
    basis: first(params.basis) || undefined,
  });
  if (!parsed.success) {
    const message = parsed.error.issues[0]?.message ?? 'These settings are not valid.';
    return { ok: false, message, fieldErrors: fieldErrorsOf(parsed.error) };
  }
  // The zone is the viewer's, added in the browser (or read from its cookie): never taken from the URL.
  const { period, from, to, integrationId, basis } = parsed.data;
  const query: Omit<OverviewQuery, 'tz'> = { period, from, to, integrationId, basis };
  return { ok: true, view: { query, stack: isStackBy(stack) ? stack : 'outcome' } };
}
