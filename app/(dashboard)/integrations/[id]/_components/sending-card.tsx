'use client';

import { useState } from 'react';

import { ResumeSendingButton } from '@/components/incidents/sending-notice';
import { useCan } from '@/components/shell/user-context';
import { Button } from '@/components/ui/button';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { NoteDialog } from '@/components/ui/note-dialog';
import type { IntegrationView } from '@/lib/data/integrations';
import { useSendingControl } from '@/lib/queries/incidents';

/** Pause sending by hand (e.g. during a SALESmanago maintenance), or resume it. */
export function SendingCard({ integration }: { integration: IntegrationView }) {
  const canPause = useCan('sending:pause');
  const [open, setOpen] = useState(false);
  const control = useSendingControl(integration.id);
  const { sending } = integration;
  const state = !sending.paused
    ? 'Events go out as they come.'
    : sending.pausedBy === 'hand'
      ? 'Paused by hand: nothing is sent until someone resumes it.'
      : 'Paused while SALESmanago refuses the credentials: it resumes by itself once they are accepted.';
  return (
    <Card>
      <CardHeader
        title="Sending"
        description="While sending is paused, events wait in the queue; website events are still accepted."
      />
      <CardBody className="flex flex-col gap-3">
        <p role="status" className="text-sm text-slate-700">
          {state}
        </p>
        {canPause ? (
          <div className="flex flex-wrap gap-2">
            {sending.pausedBy === 'hand' ? (
              <ResumeSendingButton integrationId={integration.id} />
            ) : (
              <Button size="sm" variant="secondary" onClick={() => setOpen(true)}>
                Pause sending…
              </Button>
            )}
          </div>
        ) : null}
        <NoteDialog
          open={open}
          onClose={() => {
            setOpen(false);
            control.reset();
          }}
          title={`Pause sending to “${integration.name}”?`}
          description="Nothing is sent to SALESmanago until someone resumes it. Events keep arriving and wait in the queue; they go out in order once sending resumes."
          confirmLabel="Pause sending"
          pending={control.isPending}
          error={control.error}
          onConfirm={(reason) =>
            control.mutate(
              { action: 'pause', reason },
              // The notice above the screen says it is paused, by whom and why.
              { onSuccess: () => setOpen(false) },
            )
          }
        />
      </CardBody>
    </Card>
  );
}
