'use client';

import { IntegrationScreen } from '@/components/integrations/integration-screen';
import { useCan } from '@/components/shell/user-context';
import { CheckHistoryCard } from './_components/check-history-card';
import { ConnectionCard } from './_components/connection-card';
import { CredentialsCard } from './_components/credentials-card';
import { DangerZone } from './_components/danger-zone';
import { SendingCard } from './_components/sending-card';
import { ThresholdsCard } from './_components/thresholds-card';
import { UnclearAnswersCard } from './_components/unclear-answers-card';
import { VerificationCard } from './_components/verification-card';

export function IntegrationSettingsPageClient({ id, autoVerify }: { id: number; autoVerify: boolean }) {
  const canManage = useCan('integrations:manage');
  return (
    <IntegrationScreen
      id={id}
      description={
        canManage
          ? 'The SALESmanago account this integration sends to, and a live check that the credentials work.'
          : 'The SALESmanago account this integration sends to. Only admins can see or change credentials.'
      }
    >
      {(integration) => (
        <div className="grid grid-cols-1 gap-6 lg:grid-cols-5">
          <div className="flex min-w-0 flex-col gap-6 lg:col-span-3">
            <ConnectionCard integration={integration} />
            {canManage ? <CredentialsCard integration={integration} /> : null}
            <UnclearAnswersCard integration={integration} />
            <ThresholdsCard integrationId={integration.id} />
          </div>
          <div className="flex min-w-0 flex-col gap-6 lg:col-span-2">
            <VerificationCard integration={integration} autoVerify={autoVerify && canManage} />
            <SendingCard integration={integration} />
            <CheckHistoryCard integrationId={integration.id} />
            {canManage ? <DangerZone integration={integration} /> : null}
          </div>
        </div>
      )}
    </IntegrationScreen>
  );
}
