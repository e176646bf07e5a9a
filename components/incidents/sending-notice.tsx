'use client';

import Link from 'next/link';
import { toast } from 'sonner';

import { useCan } from '@/components/shell/user-context';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { LocalTime } from '@/components/ui/local-time';
import type { IntegrationView } from '@/lib/data/integrations';
import { CREDENTIALS_WAIT_SENTENCE } from '@/lib/incidents/describe';
import { useSendingControl } from '@/lib/queries/incidents';

const WAITS = {
  integration:
    'Events are kept in the queue (website events are still accepted) and go out when sending resumes.',
  send: 'What you send now waits in the queue and goes out when sending resumes.',
  delivery: 'This event waits in the queue and goes out when sending resumes.',
};

/**
 * Why nothing is being sent to an integration, wherever that matters (its screens, Send event, a
 * waiting delivery): paused by a person (who, when, why; Resume for those allowed), or paused while
 * SALESmanago refuses the credentials (with the incident). Nothing when it sends.
 */
export function SendingPausedNotice({
  integration,
  context = 'integration',
}: {
  integration: Pick<IntegrationView, 'id' | 'name' | 'sending'>;
  /** Of the integration's sending, of what Send event would send now, or of one waiting delivery. */
  context?: keyof typeof WAITS;
}) {
  const { sending } = integration;
  const canPause = useCan('sending:pause');
  if (!sending.paused) return null;
  const incidentLink = sending.incidentId ? (
    <Link href={`/incidents/${sending.incidentId}`} className="font-medium underline">
      See the incident
    </Link>
  ) : null;
  const waits = WAITS[context];

  if (sending.pausedBy === 'credentials') {
    return (
      <Alert
        tone="danger"
        title={`Sending to “${integration.name}” is paused: SALESmanago refuses the credentials.`}
      >
        {/* The heading says it is paused: the words say what happens to the events, and (on the
            integration's screen, where the credentials are) the likely fix. */}
        <p>
          {context === 'integration'
            ? `${CREDENTIALS_WAIT_SENTENCE} If the API secret or API key changed in SALESmanago, replace it below.`
            : `${waits} Sending resumes by itself once SALESmanago accepts the credentials again.`}{' '}
          {incidentLink}
        </p>
      </Alert>
    );
  }
  return (
    <Alert
      tone="warning"
      title={`Sending to “${integration.name}” is paused by ${sending.byLabel ?? 'a person'}.`}
      actions={
        canPause && context === 'integration' ? <ResumeSendingButton integrationId={integration.id} /> : null
      }
    >
      <p>
        Since {sending.since ? <LocalTime ms={sending.since} /> : 'a while'}
        {sending.note ? `: “${sending.note}”.` : '.'} {waits}
        {sending.incidentId ? ' SALESmanago also refuses the credentials: ' : ''}
        {incidentLink}
      </p>
    </Alert>
  );
}

/** Resumes what a person paused; says why if the console refused. */
export function ResumeSendingButton({ integrationId }: { integrationId: number }) {
  const control = useSendingControl(integrationId);
  return (
    <Button
      size="sm"
      variant="secondary"
      loading={control.isPending}
      onClick={() =>
        control.mutate(
          { action: 'resume' },
          {
            onSuccess: () => toast.success('Sending resumed: the waiting events go out now.'),
            onError: (e) => toast.error(e.message),
          },
        )
      }
    >
      Resume sending
    </Button>
  );
}
