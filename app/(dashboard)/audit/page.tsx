import type { Metadata } from 'next';

import { Hydrate } from '@/components/providers/hydrate';
import { Forbidden } from '@/components/ui/forbidden';
import { requirePageUser } from '@/lib/auth/page';
import { can } from '@/lib/roles';
import { listAudit } from '@/lib/data/audit';
import { auditKeys } from '@/lib/queries/audit';
import { AuditPageClient } from './page-client';

export const metadata: Metadata = { title: 'Audit log' };

export default async function AuditPage() {
  const user = await requirePageUser();
  if (!can(user.role, 'audit:read')) return <Forbidden what="Only admins read the audit log." />;
  return (
    <Hydrate seeds={[{ queryKey: auditKeys.list(''), data: await listAudit({}) }]}>
      <AuditPageClient />
    </Hydrate>
  );
}
