'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';

import { Badge } from '@/components/ui/badge';
import { LinkTabs } from '@/components/ui/link-tabs';
import { PageHeader } from '@/components/ui/page-header';
import type { IntegrationView } from '@/lib/data/integrations';
import { IntegrationStatus } from './integration-status';
import { VerifyBadge } from './verify-status';

/** The title and tabs every integration screen shares. */
export function IntegrationHeader({
  integration,
  description,
}: {
  integration: IntegrationView;
  description?: string;
}) {
  const pathname = usePathname();
  const base = `/integrations/${integration.id}`;
  const tabs = [
    { href: base, label: 'Settings' },
    { href: `${base}/snippet`, label: 'Monitoring code' },
    { href: `${base}/collector`, label: 'Website events' },
  ];
  return (
    <>
      <PageHeader
        eyebrow={
          <Link href="/integrations" className="hover:underline">
            Integrations
          </Link>
        }
        title={
          <span className="flex flex-wrap items-center gap-2">
            {integration.name}
            {integration.isSandbox ? <Badge tone="info">Sandbox</Badge> : null}
            <VerifyBadge verification={integration.verification} />
            {integration.sending.paused ? <Badge tone="warning">Sending paused</Badge> : null}
          </span>
        }
        description={description}
      />
      <LinkTabs
        label="Integration sections"
        items={tabs.map((t) => ({
          ...t,
          current: pathname === t.href || (t.href !== base && pathname.startsWith(`${t.href}/`)),
        }))}
      />
      <IntegrationStatus integration={integration} />
    </>
  );
}
