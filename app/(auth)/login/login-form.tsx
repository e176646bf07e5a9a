'use client';

import { useState, type FormEvent } from 'react';

import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { InputField } from '@/components/ui/field';
import { useSignIn } from '@/lib/queries/auth';

export function LoginForm({ next }: { next: string }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const signIn = useSignIn(next);
  const error = signIn.error;

  function submit(e: FormEvent) {
    e.preventDefault();
    signIn.mutate({ email, password });
  }

  return (
    <form onSubmit={submit} noValidate className="flex flex-col gap-4">
      <div>
        <h1 className="text-xl font-semibold text-slate-900">Sign in</h1>
        <p className="mt-1 text-sm text-slate-600">Use the account your console admin gave you.</p>
      </div>
      {error && !Object.keys(error.fieldErrors).length ? <Alert tone="danger">{error.message}</Alert> : null}
      <InputField
        label="Email"
        errors={error?.fieldErrors.email}
        type="email"
        autoComplete="username"
        required
        value={email}
        onValueChange={setEmail}
      />
      <InputField
        label="Password"
        errors={error?.fieldErrors.password}
        type="password"
        autoComplete="current-password"
        required
        value={password}
        onValueChange={setPassword}
      />
      {/* Still busy after success, until the next screen has loaded. */}
      <Button type="submit" loading={signIn.isPending || signIn.isSuccess}>
        Sign in
      </Button>
    </form>
  );
}
