'use client';

import { Alert } from './alert';
import { Button } from './button';
import { CopyButton } from './copy-button';

/** A secret the server shows this once (an API token, a webhook's signing secret), to copy now. */
export function ShownOnce({
  title,
  value,
  copyLabel,
  onDone,
  className,
}: {
  title: string;
  value: string;
  copyLabel: string;
  onDone: () => void;
  className?: string;
}) {
  return (
    <Alert tone="success" className={className} title={title}>
      <p className="my-2 font-mono text-xs break-all">{value}</p>
      <div className="flex flex-wrap gap-2">
        <CopyButton text={value} label={copyLabel} />
        <Button variant="ghost" size="sm" onClick={onDone}>
          I saved it
        </Button>
      </div>
    </Alert>
  );
}
