// When an answer leaves unknown whether SALESmanago stored an event (OUTCOME_UNKNOWN in messages.ts),
// sending it again may store it twice. For most types a second copy is harmless noise; for the types
// below it counts money or a contract twice in SALESmanago's analytics, so by default a person decides.
import type { EventType } from './event-types';

/**
 * Types that carry a value SALESmanago adds up, where a duplicate changes a total:
 * - PURCHASE, TRANSACTION: revenue and payments counted twice.
 * - RESERVATION, LOAN_ORDER, FIRST_LOAN, REPEATED_LOAN: a booking or a loan counted twice (the loan
 *   types also drive loan-stage automations that would fire again).
 * - CANCELLATION, RETURN: they subtract from revenue ("keeps revenue analytics correct"), so a
 *   duplicate subtracts twice.
 * CANCELLED is left out: it marks a booking as cancelled and carries no amount SALESmanago sums. OFFER
 * carries a value but is a proposal, not revenue; CART is replaced by the next cart.
 */
export const VALUE_BEARING_TYPES: ReadonlySet<string> = new Set<EventType>([
  'PURCHASE',
  'TRANSACTION',
  'RESERVATION',
  'LOAN_ORDER',
  'FIRST_LOAN',
  'REPEATED_LOAN',
  'CANCELLATION',
  'RETURN',
]);

export const UNKNOWN_OUTCOME_CHOICES = ['ask', 'retry'] as const;
/** `ask`: wait in Needs attention for "Send again" or "Mark as delivered"; `retry`: retry on schedule. */
export type UnknownOutcomeChoice = (typeof UNKNOWN_OUTCOME_CHOICES)[number];

export interface UnknownOutcomePolicy {
  valueTypes: UnknownOutcomeChoice;
  otherTypes: UnknownOutcomeChoice;
}

export const DEFAULT_UNKNOWN_OUTCOME: UnknownOutcomePolicy = { valueTypes: 'ask', otherTypes: 'retry' };

/** Whether a delivery of this type waits for a person after an unknown outcome, under this policy. */
export function asksAfterUnknownOutcome(
  policy: UnknownOutcomePolicy | null | undefined,
  type: string,
): boolean {
  const p = policy ?? DEFAULT_UNKNOWN_OUTCOME;
  return (VALUE_BEARING_TYPES.has(type) ? p.valueTypes : p.otherTypes) === 'ask';
}
