import type { Metadata } from 'next';

import { Forbidden } from '@/components/ui/forbidden';
import { requirePageUser } from '@/lib/auth/page';
import { can } from '@/lib/roles';
import { NewIntegrationForm } from './new-integration-form';

export const metadata: Metadata = { title: 'Add integration' };

export default async function NewIntegrationPage() {
  const user = await requirePageUser();
  if (!can(user.role, 'integrations:manage'))
    return <Forbidden what="Only admins add integrations and enter credentials." />;
  return <NewIntegrationForm />;
}
