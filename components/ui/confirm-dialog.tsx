'use client';

import type { ReactNode } from 'react';

import { Alert } from './alert';
import { Button } from './button';
import { Dialog } from './dialog';

/**
 * "Are you sure?" before an action that cannot be undone: Cancel and one confirming button. The dialog
 * stays open while the action runs and shows why it failed, so the caller closes it on success.
 */
export function ConfirmDialog({
  open,
  onClose,
  title,
  description,
  confirmLabel,
  onConfirm,
  pending,
  error,
  errorTitle,
  destructive = true,
}: {
  open: boolean;
  onClose: () => void;
  title: string;
  description: ReactNode;
  confirmLabel: string;
  onConfirm: () => void;
  /** The action is running: the confirming button shows a spinner. */
  pending: boolean;
  /** Why the action failed, shown in the dialog. */
  error: Error | null;
  errorTitle?: string;
  /** A red confirming button, for deletions. */
  destructive?: boolean;
}) {
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title={title}
      description={description}
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button variant={destructive ? 'danger' : 'primary'} loading={pending} onClick={onConfirm}>
            {confirmLabel}
          </Button>
        </>
      }
    >
      {error ? (
        <Alert tone="danger" title={errorTitle}>
          {error.message}
        </Alert>
      ) : null}
    </Dialog>
  );
}
