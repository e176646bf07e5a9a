'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { usePathname } from 'next/navigation';

import { cn } from '@/components/ui/cn';
import { integrationsQuery } from '@/lib/queries/integrations';
import { attentionCountQuery } from '@/lib/queries/attention';
import { openIncidentCountQuery } from '@/lib/queries/incidents';
import { NavDrawer } from './nav-drawer';
import { useCan } from './user-context';
import { VerifyDot } from '@/components/integrations/verify-status';

interface NavItem {
  href: string;
  label: string;
  show?: boolean;
  badge?: number;
  /** What the badge counts, for screen readers ("3 open incidents"). */
  badgeLabel?: string;
}

export function Sidebar() {
  const pathname = usePathname();
  const canManageUsers = useCan('users:manage');
  const integrations = useQuery(integrationsQuery());
  const attention = useQuery(attentionCountQuery());
  const incidents = useQuery(openIncidentCountQuery());

  const canSend = useCan('events:send');
  const canBackfill = useCan('backfill:run');
  const items: NavItem[] = [
    { href: '/', label: 'Overview' },
    { href: '/integrations', label: 'Integrations' },
    { href: '/send', label: 'Send event', show: canSend },
    { href: '/backfill', label: 'Backfill', show: canBackfill },
    { href: '/deliveries', label: 'History' },
    { href: '/contacts', label: 'Contacts' },
    { href: '/attention', label: 'Needs attention', badge: attention.data, badgeLabel: 'failed deliveries' },
    { href: '/incidents', label: 'Incidents', badge: incidents.data, badgeLabel: 'open incidents' },
    { href: '/sandbox-contacts', label: 'Sandbox contacts' },
    { href: '/notifications', label: 'Notifications' },
    { href: '/users', label: 'Users', show: canManageUsers },
    { href: '/tokens', label: 'API tokens', show: canManageUsers },
    { href: '/audit', label: 'Audit log', show: canManageUsers },
    { href: '/retention', label: 'Retention', show: canManageUsers },
  ];
  const isActive = (href: string) => pathname === href || pathname.startsWith(`${href}/`);

  return (
    <NavDrawer>
      <nav aria-label="Main" className="flex flex-col gap-1">
        {items
          .filter((i) => i.show !== false)
          .map((item) => (
            <Link
              key={item.href}
              href={item.href}
              aria-current={isActive(item.href) && !/^\/integrations\/\d/.test(pathname) ? 'page' : undefined}
              className={cn(
                'rounded-md px-3 py-2 text-sm font-medium text-slate-700 hover:bg-slate-100',
                'aria-[current=page]:bg-brand-50 aria-[current=page]:text-brand-800',
              )}
            >
              <span className="flex items-center justify-between gap-2">
                {item.label}
                {item.badge ? (
                  <span className="rounded-full bg-red-700 px-2 py-0.5 text-xs font-semibold text-white">
                    {item.badge}
                    <span className="sr-only"> {item.badgeLabel}</span>
                  </span>
                ) : null}
              </span>
            </Link>
          ))}
      </nav>
      <nav aria-label="Integrations" className="flex flex-col gap-1">
        <h2 className="px-3 text-xs font-semibold tracking-wide text-slate-600 uppercase">
          Your integrations
        </h2>
        {integrations.isPending ? (
          <p className="px-3 text-sm text-slate-600">Loading…</p>
        ) : integrations.isError ? (
          <p className="px-3 text-sm text-red-700">Could not load integrations.</p>
        ) : integrations.data.length === 0 ? (
          <p className="px-3 text-sm text-slate-600">None yet.</p>
        ) : (
          integrations.data.map((i) => (
            <Link
              key={i.id}
              href={`/integrations/${i.id}`}
              aria-current={pathname.startsWith(`/integrations/${i.id}`) ? 'page' : undefined}
              className="aria-[current=page]:bg-brand-50 aria-[current=page]:text-brand-800 flex items-center justify-between gap-2 rounded-md px-3 py-2 text-sm text-slate-700 hover:bg-slate-100"
            >
              <span className="truncate">{i.name}</span>
              <VerifyDot verification={i.verification} />
            </Link>
          ))
        )}
      </nav>
    </NavDrawer>
  );
}
