'use client';

import { useState, type ComponentProps } from 'react';

import { ConfirmDialog } from './confirm-dialog';
import { InputField } from './field';

/**
 * A ConfirmDialog that also asks why, optionally (kept with the record and in the audit log): the
 * note is handed to `onConfirm`, trimmed, or undefined when empty. Cleared when the dialog closes.
 */
export function NoteDialog({
  onConfirm,
  description,
  onClose,
  ...dialog
}: Omit<ComponentProps<typeof ConfirmDialog>, 'onConfirm' | 'errorTitle'> & {
  onConfirm: (note: string | undefined) => void;
}) {
  const [note, setNote] = useState('');
  // Closed by its caller after a success: the next opening starts empty.
  const [wasOpen, setWasOpen] = useState(dialog.open);
  if (dialog.open !== wasOpen) {
    setWasOpen(dialog.open);
    if (!dialog.open) setNote('');
  }
  const close = () => {
    setNote('');
    onClose();
  };
  return (
    <ConfirmDialog
      {...dialog}
      destructive={dialog.destructive ?? false}
      onClose={close}
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
      onConfirm={() => onConfirm(note.trim() || undefined)}
    />
  );
}
