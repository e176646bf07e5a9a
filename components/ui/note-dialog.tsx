'use client';

import { useState, type ReactNode } from 'react';

import { ConfirmDialog } from './confirm-dialog';
import { InputField } from './field';

/**
 * A ConfirmDialog that also asks why, optionally (kept with the record and in the audit log): the
 * note is handed to `onConfirm`, trimmed, or undefined when empty. Cleared when the dialog closes.
 */
export function NoteDialog({
  open,
  onClose,
  title,
  description,
  confirmLabel,
  onConfirm,
  pending,
  error,
  destructive = false,
}: {
  open: boolean;
  onClose: () => void;
  title: string;
  description: ReactNode;
  confirmLabel: string;
  onConfirm: (note: string | undefined) => void;
  pending: boolean;
  error: Error | null;
  destructive?: boolean;
}) {
  const [note, setNote] = useState('');
  const close = () => {
    setNote('');
    onClose();
  };
  return (
    <ConfirmDialog
      open={open}
      onClose={close}
      title={title}
      description={
        <div className="flex flex-col gap-3">
          <div>{description}</div>
          <InputField
            label="Why"
            optional
            hint="Kept with it and in the audit log."
            maxLength={500}
            value={note}
            onValueChange={setNote}
          />
        </div>
      }
      confirmLabel={confirmLabel}
      pending={pending}
      error={error}
      destructive={destructive}
      onConfirm={() => onConfirm(note.trim() || undefined)}
    />
  );
}
