'use client';

import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';

import { useCurrentUser } from '@/components/shell/user-context';
import { Button } from '@/components/ui/button';
import { DataTable, Td } from '@/components/ui/data-table';
import { LoadError } from '@/components/ui/load-error';
import { LocalTime } from '@/components/ui/local-time';
import { PageHeader } from '@/components/ui/page-header';
import { LoadingRows } from '@/components/ui/skeleton';
import { ROLE_LABELS } from '@/lib/roles';
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
        <LoadError title="The users could not be loaded." error={error} />
      ) : (
        <DataTable caption="Users" columns={['User', 'Role', 'Added', { label: 'Actions', srOnly: true }]}>
          {data.map((u) => (
            <tr key={u.id}>
              <Td>
                <span className="block font-medium text-slate-900">{u.name || u.email}</span>
                {u.name ? <span className="block text-slate-600">{u.email}</span> : null}
              </Td>
              <Td>
                {u.id === me.id ? (
                  <span className="text-slate-700">{ROLE_LABELS[u.role].label} (you)</span>
                ) : (
                  <RoleSelect user={u} />
                )}
              </Td>
              <Td className="text-slate-700">
                <LocalTime ms={u.createdAt} />
              </Td>
              <Td className="text-right">{u.id === me.id ? null : <DeleteUserButton user={u} />}</Td>
            </tr>
          ))}
        </DataTable>
      )}
    </>
  );
}
