'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { toast } from 'sonner';

import { Button } from '@/components/ui/button';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import type { IntegrationView } from '@/lib/data/integrations';
import { useDeleteIntegration } from '@/lib/queries/integrations';

export function DangerZone({ integration }: { integration: IntegrationView }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const remove = useDeleteIntegration();

  return (
    <Card className="border-red-200">
      <CardHeader
        title="Delete integration"
        description="Its credentials are erased. The delivery history is kept."
      />
      <CardBody>
        <Button variant="danger" size="sm" onClick={() => setOpen(true)}>
          Delete integration…
        </Button>
        <ConfirmDialog
          open={open}
          onClose={() => setOpen(false)}
          title={`Delete “${integration.name}”?`}
          description="The API key and secret are erased and nothing more can be sent with this integration. Past deliveries stay in the history."
          confirmLabel="Delete integration"
          pending={remove.isPending}
          error={remove.error}
          onConfirm={() =>
            remove.mutate(integration.id, {
              onSuccess: () => {
                toast.success(`Integration “${integration.name}” deleted.`);
                router.push('/integrations');
              },
            })
          }
        />
      </CardBody>
    </Card>
  );
}
