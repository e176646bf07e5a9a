import type { Metadata } from 'next';

import { Hydrate } from '@/components/providers/hydrate';
import { Forbidden } from '@/components/ui/forbidden';
import { requirePageUser } from '@/lib/auth/page';
import { can } from '@/lib/roles';
import { listUsers } from '@/lib/data/users';
import { userKeys } from '@/lib/queries/users';
import { UsersPageClient } from './page-client';

export const metadata: Metadata = { title: 'Users' };

export default async function UsersPage() {
  const user = await requirePageUser();
  if (!can(user.role, 'users:manage')) return <Forbidden what="Only admins manage users and roles." />;
  return (
    <Hydrate seeds={[{ queryKey: userKeys.list(), data: await listUsers() }]}>
      <UsersPageClient />
    </Hydrate>
  );
}
