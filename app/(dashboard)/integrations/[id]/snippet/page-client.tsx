'use client';

import { IntegrationScreen } from '@/components/integrations/integration-screen';
import { CheckCard } from './_components/check-card';
import { CodeCard } from './_components/code-card';
import { InstallationCard } from './_components/installation-card';
import { OptionsCard } from './_components/options-card';
import { PlacementCard } from './_components/placement-card';
import { SettingsNotice } from './_components/settings-notice';
import { useSnippetDraft } from './_components/use-snippet-draft';

export function SnippetPageClient({ id }: { id: number }) {
  const state = useSnippetDraft(id);

  return (
    <IntegrationScreen
      id={id}
      description="The code that connects your website to SALESmanago. Copy it exactly, put it on every page, then prove it is right."
    >
      {(integration) => (
        <>
          <SettingsNotice integration={integration} />
          <div className="grid grid-cols-1 items-start gap-6 lg:grid-cols-5">
            <div className="flex min-w-0 flex-col gap-6 lg:col-span-3">
              <CodeCard integration={integration} state={state} />
              <PlacementCard />
            </div>
            <div className="flex min-w-0 flex-col gap-6 lg:col-span-2">
              <OptionsCard id={id} state={state} />
              <InstallationCard integration={integration} />
            </div>
          </div>
          {/* Full width: findings quote code and read better on long lines. */}
          <div className="mt-6">
            <CheckCard id={id} options={state.current ? state.snippet?.options : undefined} />
          </div>
        </>
      )}
    </IntegrationScreen>
  );
}
