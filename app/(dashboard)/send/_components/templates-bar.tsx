'use client';

import { useQuery } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { toast } from 'sonner';

import { useCan } from '@/components/shell/user-context';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { cn } from '@/components/ui/cn';
import { Dialog, DialogFormActions } from '@/components/ui/dialog';
import { Field, inputClass } from '@/components/ui/field';
import type { TemplateView } from '@/lib/data/templates';
import { ApiError } from '@/lib/queries/fetcher';
import { templatesQuery, useDeleteTemplate, useSaveTemplate } from '@/lib/queries/events';

/** Saved templates per integration, and the type's built-in example. */
export function TemplatesBar({
  integrationId,
  currentFields,
  onApply,
  onExample,
}: {
  integrationId: number;
  currentFields: Record<string, unknown>;
  onApply: (t: TemplateView) => void;
  onExample: () => void;
}) {
  const canManage = useCan('templates:manage');
  const selectId = useId();
  const templates = useQuery(templatesQuery(integrationId));
  const remove = useDeleteTemplate(integrationId);
  const [selected, setSelected] = useState('');
  const [saving, setSaving] = useState(false);
  const chosen = templates.data?.find((t) => String(t.id) === selected);

  return (
    <div className="flex flex-wrap items-end gap-2">
      <div className="flex flex-col gap-1.5">
        <label htmlFor={selectId} className="text-sm font-medium text-slate-800">
          Template
        </label>
        <select
          id={selectId}
          className={cn(inputClass, 'w-60')}
          value={selected}
          disabled={templates.isPending}
          onChange={(e) => {
            setSelected(e.target.value);
            const t = templates.data?.find((x) => String(x.id) === e.target.value);
            if (t) {
              onApply(t);
              toast.success(`Template “${t.name}” applied.`);
            }
          }}
        >
          <option value="">
            {templates.isPending
              ? 'Loading…'
              : templates.data?.length
                ? 'Choose a saved template…'
                : 'No saved templates yet'}
          </option>
          {templates.data?.map((t) => (
            <option key={t.id} value={t.id}>
              {t.name} ({t.type})
            </option>
          ))}
        </select>
      </div>
      <Button variant="secondary" onClick={onExample}>
        Fill with example values
      </Button>
      {canManage ? (
        <Button variant="secondary" onClick={() => setSaving(true)}>
          Save as template…
        </Button>
      ) : null}
      {canManage && chosen ? (
        <Button
          variant="ghost"
          loading={remove.isPending}
          onClick={() =>
            remove.mutate(chosen.id, {
              onSuccess: () => {
                setSelected('');
                toast.success(`Template “${chosen.name}” deleted.`);
              },
            })
          }
        >
          Delete “{chosen.name}”
        </Button>
      ) : null}
      <SaveTemplateDialog
        open={saving}
        onClose={() => setSaving(false)}
        integrationId={integrationId}
        fields={currentFields}
      />
    </div>
  );
}

function SaveTemplateDialog({
  open,
  onClose,
  integrationId,
  fields,
}: {
  open: boolean;
  onClose: () => void;
  integrationId: number;
  fields: Record<string, unknown>;
}) {
  const save = useSaveTemplate(integrationId);
  const [name, setName] = useState('');
  const errors = save.error instanceof ApiError ? save.error.fieldErrors : {};
  const close = () => {
    setName('');
    save.reset();
    onClose();
  };
  function submit(e: FormEvent) {
    e.preventDefault();
    save.mutate(
      { name, event: fields },
      {
        onSuccess: (t) => {
          toast.success(`Template “${t.name}” saved for this integration.`);
          close();
        },
      },
    );
  }
  return (
    <Dialog
      open={open}
      onClose={close}
      title="Save as template"
      description="Saves the type and fields (not the contact or date) for this integration."
    >
      <form onSubmit={submit} noValidate className="flex flex-col gap-4">
        {save.error && !Object.keys(errors).length ? <Alert tone="danger">{save.error.message}</Alert> : null}
        <Field
          label="Template name"
          errors={errors.name ?? (Object.keys(errors).length ? Object.values(errors).flat() : undefined)}
        >
          {(p) => (
            <input {...p} className={inputClass} value={name} onChange={(e) => setName(e.target.value)} />
          )}
        </Field>
        <DialogFormActions onCancel={close} submitLabel="Save template" pending={save.isPending} />
      </form>
    </Dialog>
  );
}
