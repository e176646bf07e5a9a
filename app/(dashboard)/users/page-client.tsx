'use client';

import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';

import { useCurrentUser } from '@/components/shell/user-context';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { LocalTime } from '@/components/ui/local-time';
import { PageHeader } from '@/components/ui/page-header';
import { LoadingRows } from '@/components/ui/skeleton';
import { ROLE_LABELS } from '@/lib/auth/roles';
import { usersQuery } from '@/lib/queries/users';
import { AddUserDialog } from './_components/add-user-dialog';
import { DeleteUserButton } from './_components/delete-user-button';
import { RoleSelect } from './_components/role-select';

export function UsersPageClient() {
  const me = useCurrentUser();
  const [adding, setAdding] = useState(false);
  const { data, isPending, isError, error } = useQuery(usersQuery());

  return (
    <>
      <PageHeader
        title="Users"
        description="Who can use this console. Admins manage users and credentials; marketers send events; viewers only read."
        actions={<Button onClick={() => setAdding(true)}>Add user</Button>}
      />
      <AddUserDialog open={adding} onClose={() => setAdding(false)} />
      <dl className="mb-6 grid gap-3 sm:grid-cols-3">
        {Object.entries(ROLE_LABELS).map(([role, info]) => (
          <div key={role} className="rounded-md border border-slate-200 bg-white px-4 py-3">
            <dt className="text-sm font-semibold text-slate-900">{info.label}</dt>
            <dd className="text-sm text-slate-600">{info.description}</dd>
          </div>
        ))}
      </dl>
      {isPending ? (
        <LoadingRows label="Loading users…" />
      ) : isError ? (
        <Alert tone="danger" title="The users could not be loaded.">
          {error.message}
        </Alert>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-xs">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Users</caption>
            <thead className="border-b border-slate-200 bg-slate-50 text-xs tracking-wide text-slate-600 uppercase">
              <tr>
                <th scope="col" className="px-4 py-3 font-semibold">
                  User
                </th>
                <th scope="col" className="px-4 py-3 font-semibold">
                  Role
                </th>
                <th scope="col" className="px-4 py-3 font-semibold">
                  Added
                </th>
                <th scope="col" className="px-4 py-3 font-semibold">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {data.map((u) => (
                <tr key={u.id}>
                  <td className="px-4 py-3">
                    <span className="block font-medium text-slate-900">{u.name || u.email}</span>
                    {u.name ? <span className="block text-slate-600">{u.email}</span> : null}
                  </td>
                  <td className="px-4 py-3">
                    {u.id === me.id ? (
                      <span className="text-slate-700">{ROLE_LABELS[u.role].label} (you)</span>
                    ) : (
                      <RoleSelect user={u} />
                    )}
                  </td>
                  <td className="px-4 py-3 text-slate-700">
                    <LocalTime ms={u.createdAt} />
                  </td>
                  <td className="px-4 py-3 text-right">
                    {u.id === me.id ? null : <DeleteUserButton user={u} />}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
