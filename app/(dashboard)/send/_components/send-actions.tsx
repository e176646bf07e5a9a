'use client';

import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Card, CardBody } from '@/components/ui/card';
import type { ApiError } from '@/lib/queries/fetcher';

export function SendActions({
  pending,
  pendingDryRun,
  error,
  invalidCount,
  onValidate,
  onSend,
}: {
  pending: boolean;
  pendingDryRun: boolean;
  error: ApiError | null;
  invalidCount: number;
  onValidate: () => void;
  onSend: () => void;
}) {
  return (
    <Card>
      <CardBody className="flex flex-col gap-3">
        <div className="flex flex-wrap gap-2">
          <Button onClick={onSend} loading={pending && !pendingDryRun} disabled={pending}>
            Send event
          </Button>
          <Button variant="secondary" onClick={onValidate} loading={pendingDryRun} disabled={pending}>
            Validate only
          </Button>
        </div>
        <p className="text-xs text-slate-600">
          Validate only runs every check and shows the request without sending or recording anything.
        </p>
        {invalidCount ? (
          <Alert tone="danger">
            {invalidCount === 1 ? 'One field needs fixing' : `${invalidCount} fields need fixing`} before the
            event can be sent; see the messages next to them.
          </Alert>
        ) : null}
        {error ? (
          <Alert tone="danger" title="Not sent.">
            {error.message}
          </Alert>
        ) : null}
      </CardBody>
    </Card>
  );
}
