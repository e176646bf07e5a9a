import type { Metadata } from 'next';
import { cookies } from 'next/headers';
import Link from 'next/link';

import { Hydrate } from '@/components/providers/hydrate';
import { Alert } from '@/components/ui/alert';
import { buttonClass } from '@/components/ui/button';
import { PageHeader } from '@/components/ui/page-header';
import { requirePageUser } from '@/lib/auth/page';
import { listIntegrations } from '@/lib/data/integrations';
import { getOverview } from '@/lib/data/overview';
import { integrationKeys } from '@/lib/queries/integrations';
import { overviewKeys } from '@/lib/queries/overview';
import { overviewQuerySchema } from '@/lib/validations/overview';
import { overviewHref } from './overview-href';
import { OverviewPageClient } from './page-client';
import { parseOverviewSearchParams } from './search-params';
import { ZONE_COOKIE } from './zone-cookie';

export const metadata: Metadata = { title: 'Overview' };

export default async function OverviewPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await requirePageUser();
  const parsed = parseOverviewSearchParams(await searchParams);
  if (!parsed.ok) {
    return <CannotShow message={parsed.message} href="/" action="Show the last 7 days" />;
  }
  const { view } = parsed;
  const integrations = await listIntegrations(user.role);
  const { integrationId } = view.query;
  if (integrationId && !integrations.some((i) => i.id === integrationId)) {
    return (
      <CannotShow
        message={`There is no integration #${integrationId}: it may have been deleted. Show all integrations, or pick one from the list.`}
        href={overviewHref({ ...view, query: { ...view.query, integrationId: undefined } })}
        action="Show all integrations"
      />
    );
  }
  // The zone this browser told us on an earlier visit: with it the numbers are drawn here, at once.
  const remembered = (await cookies()).get(ZONE_COOKIE)?.value;
  const withZone = remembered ? overviewQuerySchema.safeParse({ ...view.query, tz: remembered }) : null;
  const query = withZone?.success ? withZone.data : null;
  return (
    <Hydrate
      seeds={[
        { queryKey: integrationKeys.list(), data: integrations },
        ...(query ? [{ queryKey: overviewKeys.detail(query), data: await getOverview(query) }] : []),
      ]}
    >
      <OverviewPageClient view={view} serverZone={query?.tz ?? null} />
    </Hydrate>
  );
}

/** A hand-edited or outdated link: what is wrong, and the way back, instead of an error page. */
function CannotShow({ message, href, action }: { message: string; href: string; action: string }) {
  return (
    <>
      <PageHeader title="Overview" />
      <Alert
        tone="danger"
        title="The overview cannot show these settings."
        actions={
          <Link href={href} className={buttonClass('secondary', 'sm')}>
            {action}
          </Link>
        }
      >
        {message} The link may be mistyped or from an older version of the console.
      </Alert>
    </>
  );
}
