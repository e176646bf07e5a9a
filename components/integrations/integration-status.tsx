'use client';

import Link from 'next/link';

import { SendingPausedNotice } from '@/components/incidents/sending-notice';
import { Alert } from '@/components/ui/alert';
import type { IntegrationView } from '@/lib/data/integrations';
import { STATE_LABELS } from '@/lib/incidents/describe';

/**
 * Above every screen of an integration: whether its sending is paused and why, and its open incidents
 * (the one that pauses it is said by the pause notice already).
 */
export function IntegrationStatus({ integration }: { integration: IntegrationView }) {
  const others = integration.openIncidents.filter((i) => i.id !== integration.sending.incidentId);
  if (!integration.sending.paused && others.length === 0) return null;
  return (
    <div className="mb-6 flex flex-col gap-3">
      <SendingPausedNotice integration={integration} />
      {others.length ? (
        <Alert
          tone="warning"
          title={others.length === 1 ? 'An incident is open.' : `${others.length} incidents are open.`}
        >
          <ul className="flex flex-col gap-1">
            {others.map((i) => (
              <li key={i.id}>
                <Link href={`/incidents/${i.id}`} className="font-medium underline">
                  {i.title}
                </Link>{' '}
                ({STATE_LABELS[i.state].toLowerCase()})
              </li>
            ))}
          </ul>
        </Alert>
      ) : null}
    </div>
  );
}
