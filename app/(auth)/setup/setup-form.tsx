'use client';

import { useState, type FormEvent } from 'react';

import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Field, inputClass } from '@/components/ui/field';
import { useSetupAdmin } from '@/lib/queries/auth';

export function SetupForm() {
  const [values, setValues] = useState({ name: '', email: '', password: '' });
  const setup = useSetupAdmin();
  const error = setup.error;
  const set = (k: keyof typeof values) => (e: { target: { value: string } }) =>
    setValues((v) => ({ ...v, [k]: e.target.value }));

  function submit(e: FormEvent) {
    e.preventDefault();
    setup.mutate(values);
  }

  return (
    <form onSubmit={submit} noValidate className="flex flex-col gap-4">
      <div>
        <h1 className="text-xl font-semibold text-slate-900">Create the first admin</h1>
        <p className="mt-1 text-sm text-slate-600">
          This account manages users and SALESmanago credentials. A Sandbox integration is ready for you to
          try.
        </p>
      </div>
      {error && !Object.keys(error.fieldErrors).length ? <Alert tone="danger">{error.message}</Alert> : null}
      <Field label="Your name" optional errors={error?.fieldErrors.name}>
        {(p) => (
          <input
            {...p}
            autoComplete="name"
            className={inputClass}
            value={values.name}
            onChange={set('name')}
          />
        )}
      </Field>
      <Field label="Email" errors={error?.fieldErrors.email}>
        {(p) => (
          <input
            {...p}
            type="email"
            autoComplete="username"
            className={inputClass}
            value={values.email}
            onChange={set('email')}
          />
        )}
      </Field>
      <Field label="Password" hint="At least 10 characters." errors={error?.fieldErrors.password}>
        {(p) => (
          <input
            {...p}
            type="password"
            autoComplete="new-password"
            className={inputClass}
            value={values.password}
            onChange={set('password')}
          />
        )}
      </Field>
      {/* Still busy after success, until the next screen has loaded. */}
      <Button type="submit" loading={setup.isPending || setup.isSuccess}>
        Create admin and sign in
      </Button>
    </form>
  );
}
