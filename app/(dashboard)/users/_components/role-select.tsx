'use client';

import { toast } from 'sonner';

import { inputClass } from '@/components/ui/field';
import { RoleOptions } from '@/components/users/role-options';
import type { Role } from '@/db/enums';
import type { UserView } from '@/lib/data/users';
import { ROLE_LABELS } from '@/lib/roles';
import { useUpdateUser } from '@/lib/queries/users';

export function RoleSelect({ user }: { user: UserView }) {
  const update = useUpdateUser();
  return (
    <select
      aria-label={`Role of ${user.email}`}
      // A min width too: on a phone the users table squeezed the select until its role was unreadable.
      className={`${inputClass} w-36 min-w-36`}
      value={update.isPending ? (update.variables?.role ?? user.role) : user.role}
      disabled={update.isPending}
      onChange={(e) =>
        update.mutate(
          { id: user.id, role: e.target.value as Role },
          {
            onSuccess: (u) => toast.success(`${u.email} is now ${ROLE_LABELS[u.role].label.toLowerCase()}.`),
            onError: (err) => toast.error(err.message),
          },
        )
      }
    >
      <RoleOptions />
    </select>
  );
}
