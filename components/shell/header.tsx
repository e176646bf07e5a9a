'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';

import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { ROLE_LABELS } from '@/lib/roles';
import { apiFetch } from '@/lib/queries/fetcher';
import { useCurrentUser } from './user-context';

export function Header() {
  const user = useCurrentUser();
  const router = useRouter();
  const [pending, setPending] = useState(false);

  async function signOut() {
    setPending(true);
    await apiFetch('/api/auth/logout', { method: 'POST' }).catch(() => undefined);
    router.replace('/login');
    router.refresh();
  }

  return (
    <header className="flex items-center justify-end gap-3 border-b border-slate-200 bg-white px-4 py-3 sm:px-6">
      <div className="flex min-w-0 items-center gap-2 text-sm">
        <span className="truncate text-slate-800" title={user.email}>
          {user.name || user.email}
        </span>
        <Badge tone={user.role === 'admin' ? 'info' : 'neutral'}>{ROLE_LABELS[user.role].label}</Badge>
      </div>
      <Button variant="secondary" size="sm" onClick={signOut} loading={pending}>
        Sign out
      </Button>
    </header>
  );
}
