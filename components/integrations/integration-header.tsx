'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';

import { Badge } from '@/components/ui/badge';
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
      <nav aria-label="Integration sections" className="mb-6 border-b border-slate-200">
        <ul className="-mb-px flex flex-wrap gap-4">
          {tabs.map((t) => (
            <li key={t.href}>
              <Link
                href={t.href}
                aria-current={
                  pathname === t.href || (t.href !== base && pathname.startsWith(`${t.href}/`))
                    ? 'page'
                    : undefined
                }
                className="aria-[current=page]:border-brand-600 aria-[current=page]:text-brand-800 inline-block border-b-2 border-transparent px-1 pb-2 text-sm font-medium text-slate-600 hover:text-slate-900"
              >
                {t.label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <IntegrationStatus integration={integration} />
    </>
  );
}
