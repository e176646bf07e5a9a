'use client';

import { useState, type FormEvent } from 'react';
import { toast } from 'sonner';

import { useCan } from '@/components/shell/user-context';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Dialog } from '@/components/ui/dialog';
import { inputClass } from '@/components/ui/field';
import { DETAIL_FIELDS, type DetailField } from '@/lib/salesmanago/event-fields';
import { useSaveDetailLabels } from '@/lib/queries/events';

/** Names for detail1..detail20, kept per integration so every marketer reads "Currency", not "detail9". */
export function DetailLabelsDialog({
  open,
  onClose,
  integrationId,
  labels,
  suggestions,
}: {
  open: boolean;
  onClose: () => void;
  integrationId: number;
  labels: Partial<Record<DetailField, string>>;
  suggestions: Partial<Record<DetailField, string>>;
}) {
  const canManage = useCan('templates:manage');
  const save = useSaveDetailLabels(integrationId);
  const [draft, setDraft] = useState(labels);
  const [openedWith, setOpenedWith] = useState(labels);
  if (openedWith !== labels) {
    setOpenedWith(labels);
    setDraft(labels);
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    save.mutate(draft, {
      onSuccess: () => {
        toast.success('Detail slot names saved for this integration.');
        onClose();
      },
    });
  }

  return (
    <Dialog
      open={open}
      onClose={onClose}
      title="Name detail slots"
      description="Leave a slot empty to keep its default name."
    >
      <form onSubmit={submit} noValidate className="flex flex-col gap-4">
        {save.isError ? <Alert tone="danger">{save.error.message}</Alert> : null}
        <div className="grid max-h-[50vh] grid-cols-[auto_1fr] items-center gap-x-3 gap-y-2 overflow-y-auto pr-1">
          {DETAIL_FIELDS.map((f) => (
            <label key={f} className="contents text-sm">
              <span className="font-mono text-xs text-slate-700">{f}</span>
              <input
                className={inputClass}
                placeholder={suggestions[f] ?? ''}
                disabled={!canManage}
                maxLength={40}
                value={draft[f] ?? ''}
                onChange={(e) => setDraft((d) => ({ ...d, [f]: e.target.value }))}
              />
            </label>
          ))}
        </div>
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          {canManage ? (
            <Button type="submit" loading={save.isPending}>
              Save names
            </Button>
          ) : null}
        </div>
      </form>
    </Dialog>
  );
}
