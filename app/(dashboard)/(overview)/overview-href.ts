// The overview's own links (its pickers, the reset after bad input), written in the browser: no zod here.
import type { OverviewQuery } from '@/lib/validations/overview';
import { overviewToSearchParams } from '@/lib/validations/overview-params';

/** How "Events over time" splits each bar. */
export const STACK_BY = {
  outcome: 'Outcome',
  type: 'Type',
  source: 'Source',
} as const;
export type StackBy = keyof typeof STACK_BY;

export function isStackBy(value: unknown): value is StackBy {
  return typeof value === 'string' && Object.hasOwn(STACK_BY, value);
}

/** What the overview's URL holds: the API's parameters but the time zone, and the split of the bars. */
export interface OverviewView {
  query: Omit<OverviewQuery, 'tz'>;
  stack: StackBy;
}

export function overviewHref({ query, stack }: OverviewView): string {
  const params = overviewToSearchParams(query);
  if (stack !== 'outcome') params.set('stack', stack);
  const search = params.toString();
  return search ? `/?${search}` : '/';
}
