'use client';

import { useState } from 'react';
import { toast } from 'sonner';

import { useCan } from '@/components/shell/user-context';
import { Button } from '@/components/ui/button';
import { NoteDialog } from '@/components/ui/note-dialog';
import type { IncidentDetail } from '@/lib/data/incidents';
import { useIncidentAction } from '@/lib/queries/incidents';

/** Acknowledge (open only) and Resolve (until resolved), for admins and marketers; viewers read. */
export function IncidentActions({ incident }: { incident: IncidentDetail }) {
  const canManage = useCan('incidents:manage');
  const [resolving, setResolving] = useState(false);
  const act = useIncidentAction(incident.id);
  if (!canManage || incident.state === 'resolved') return null;
  return (
    <>
      {incident.state === 'open' ? (
        <Button
          variant="secondary"
          loading={act.isPending && act.variables?.action === 'acknowledge'}
          onClick={() =>
            // The badge and the timeline say it worked; only a refusal needs a word.
            act.mutate({ action: 'acknowledge' }, { onError: (e) => toast.error(e.message) })
          }
        >
          Acknowledge
        </Button>
      ) : null}
      <Button onClick={() => setResolving(true)}>Resolve…</Button>
      <NoteDialog
        open={resolving}
        onClose={() => {
          setResolving(false);
          act.reset();
        }}
        title="Resolve this incident?"
        description={
          incident.cause === 'credentials'
            ? 'Sending resumes, and the deliveries SALESmanago refused during the incident go once more. If the credentials are still refused, a new incident opens at the next refusal.'
            : 'It moves to the past incidents. If the cause is still there, the next check opens a new one.'
        }
        confirmLabel="Resolve"
        pending={act.isPending && act.variables?.action === 'resolve'}
        error={act.variables?.action === 'resolve' ? act.error : null}
        onConfirm={(reason) =>
          act.mutate(
            { action: 'resolve', reason },
            {
              onSuccess: () => {
                setResolving(false);
                toast.success('Incident resolved.');
              },
            },
          )
        }
      />
    </>
  );
}
