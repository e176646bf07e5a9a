import { Alert } from '@/components/ui/alert';
import type { EventType } from '@/lib/salesmanago/event-types';
import type { FireOutcome } from './fire-snippet';

/** What the collector did with the last fired event, in words: a refusal is never shown as "sent". */
export function FireAnswer({
  answer,
  collectorEnabled,
}: {
  answer: { type: EventType; outcome: FireOutcome } | null;
  collectorEnabled: boolean;
}) {
  if (!answer) return null;
  const { type, outcome } = answer;
  switch (outcome.kind) {
    case 'accepted':
      return (
        <Alert tone="success" title={`${type} was accepted.`}>
          It is on its way to SALESmanago: watch it arrive in the list.
        </Alert>
      );
    case 'refused':
      return (
        <Alert tone="danger" title={`${type} was refused: nothing was sent.`}>
          <p>
            {outcome.status === 404 && !collectorEnabled
              ? 'Website events are switched off for this integration.'
              : outcome.message}
          </p>
          <p className="mt-1 text-xs opacity-80">Answer: HTTP {outcome.status}.</p>
        </Alert>
      );
    case 'unreadable':
      return (
        <Alert tone="warning" title={`No answer could be read for ${type}.`}>
          The request failed or the browser hid the answer. Check the list below, and that this address is an
          allowed origin.
        </Alert>
      );
    case 'not-sent':
      return (
        <Alert tone="warning" title={`${type} was not sent.`}>
          The snippet found no contact ID to send it for.
        </Alert>
      );
  }
}
