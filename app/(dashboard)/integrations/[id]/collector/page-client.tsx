'use client';

import Link from 'next/link';

import { IntegrationScreen } from '@/components/integrations/integration-screen';
import { TechnicalDetailsToggle } from '@/components/shell/technical-details';
import { buttonClass } from '@/components/ui/button';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { CollectorSettingsForm } from './_components/collector-settings-form';
import { EventSnippetCard } from './_components/event-snippet-card';

export function CollectorPageClient({ id }: { id: number }) {
  return (
    <IntegrationScreen
      id={id}
      loadingLabel="Loading the website events settings…"
      description="Send external events from the website's own JavaScript. The browser posts to this console, which checks and signs each event: the API key and secret never reach the page."
    >
      {(integration) => (
        <>
          <div className="mb-4 flex justify-end">
            <TechnicalDetailsToggle />
          </div>
          <div className="grid grid-cols-1 items-start gap-6 xl:grid-cols-5">
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
      )}
    </IntegrationScreen>
  );
}
