'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';

import { IntegrationHeader } from '@/components/integrations/integration-header';
import { Alert } from '@/components/ui/alert';
import { buttonClass } from '@/components/ui/button';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { LoadingRows } from '@/components/ui/skeleton';
import { integrationQuery } from '@/lib/queries/integrations';
import { CollectorSettingsForm } from './_components/collector-settings-form';
import { EventSnippetCard } from './_components/event-snippet-card';

export function CollectorPageClient({ id }: { id: number }) {
  const { data: integration, isPending, isError, error } = useQuery(integrationQuery(id));
  if (isPending) return <LoadingRows label="Loading the website events settings…" />;
  if (isError)
    return (
      <Alert tone="danger" title="The integration could not be loaded.">
        {error.message}
      </Alert>
    );

  return (
    <>
      <IntegrationHeader
        integration={integration}
        description="Send external events from the website's own JavaScript. The browser posts to this console, which checks and signs each event: the API key and secret never reach the page."
      />
      <div className="grid items-start gap-6 xl:grid-cols-5">
        <div className="flex flex-col gap-6 xl:col-span-2">
          <CollectorSettingsForm integration={integration} />
          <Card>
            <CardHeader
              title="Try it live"
              description="Fire each snippet from a real browser and watch the deliveries arrive."
            />
            <CardBody>
              <Link href={`/integrations/${id}/collector/test`} className={buttonClass('secondary')}>
                Open the live test page
              </Link>
            </CardBody>
          </Card>
        </div>
        <div className="xl:col-span-3">
          <EventSnippetCard integration={integration} />
        </div>
      </div>
    </>
  );
}
