'use client';

import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';

export default function DashboardError({ reset }: { error: Error; reset: () => void }) {
  return (
    <Alert
      tone="danger"
      title="This screen could not be shown."
      actions={
        <Button variant="secondary" size="sm" onClick={reset}>
          Try again
        </Button>
      }
    >
      Something went wrong while loading it. Try again; if it keeps happening, the server log says why.
    </Alert>
  );
}
