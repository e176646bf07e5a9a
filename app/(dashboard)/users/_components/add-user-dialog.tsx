'use client';

import { useState, type FormEvent } from 'react';
import { toast } from 'sonner';

import { Alert } from '@/components/ui/alert';
import { Dialog, DialogFormActions } from '@/components/ui/dialog';
import { Field, inputClass } from '@/components/ui/field';
import { RoleOptions } from '@/components/users/role-options';
import type { Role } from '@/db/enums';
import { ROLE_LABELS } from '@/lib/roles';
import { ApiError } from '@/lib/queries/fetcher';
import { useCreateUser } from '@/lib/queries/users';

const EMPTY = { name: '', email: '', role: 'marketer' as Role, password: '' };

export function AddUserDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const create = useCreateUser();
  const [values, setValues] = useState(EMPTY);
  const errors = create.error instanceof ApiError ? create.error.fieldErrors : {};

  function close() {
    setValues(EMPTY);
    create.reset();
    onClose();
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    create.mutate(values, {
      onSuccess: (u) => {
        toast.success(
          `${u.email} added as ${ROLE_LABELS[u.role].label.toLowerCase()}. Share the password with them privately.`,
        );
        close();
      },
    });
  }

  return (
    <Dialog
      open={open}
      onClose={close}
      title="Add user"
      description="They sign in with this email and the password you set."
    >
      <form onSubmit={submit} noValidate className="flex flex-col gap-4">
        {create.error && !Object.keys(errors).length ? (
          <Alert tone="danger">{create.error.message}</Alert>
        ) : null}
        <Field label="Name" optional errors={errors.name}>
          {(p) => (
            <input
              {...p}
              className={inputClass}
              value={values.name}
              onChange={(e) => setValues({ ...values, name: e.target.value })}
            />
          )}
        </Field>
        <Field label="Email" errors={errors.email}>
          {(p) => (
            <input
              {...p}
              type="email"
              className={inputClass}
              value={values.email}
              onChange={(e) => setValues({ ...values, email: e.target.value })}
            />
          )}
        </Field>
        <Field label="Role" errors={errors.role} hint={ROLE_LABELS[values.role].description}>
          {(p) => (
            <select
              {...p}
              className={inputClass}
              value={values.role}
              onChange={(e) => setValues({ ...values, role: e.target.value as Role })}
            >
              <RoleOptions />
            </select>
          )}
        </Field>
        <Field label="Initial password" hint="At least 10 characters." errors={errors.password}>
          {(p) => (
            <input
              {...p}
              type="password"
              autoComplete="new-password"
              className={inputClass}
              value={values.password}
              onChange={(e) => setValues({ ...values, password: e.target.value })}
            />
          )}
        </Field>
        <DialogFormActions onCancel={close} submitLabel="Add user" pending={create.isPending} />
      </form>
    </Dialog>
  );
}
