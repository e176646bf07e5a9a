import Link from 'next/link';

import { Alert } from '@/components/ui/alert';
import { buttonClass } from '@/components/ui/button';
import type { IntegrationView } from '@/lib/data/integrations';

/**
 * Said before anything is sent (Send event, Backfill): an integration never verified, or whose last
 * verification failed, will probably refuse what is sent to it, so the marketer is pointed at its settings.
 */
export function IntegrationWarning({ integration }: { integration: IntegrationView }) {
  const { verification } = integration;
  if (verification?.status === 'ok') return null;
  const failed = verification?.status === 'failed';
  return (
    <Alert
      tone="warning"
      title={
        failed
          ? `“${integration.name}” failed its last verification.`
          : `“${integration.name}” has not been verified yet.`
      }
      actions={
        <Link href={`/integrations/${integration.id}`} className={buttonClass('secondary', 'sm')}>
          Open its settings
        </Link>
      }
    >
      {failed
        ? 'SALESmanago refused its credentials or could not be reached, so events sent now will probably fail. Fix and verify it first, or choose another integration.'
        : 'Nobody has checked its credentials with SALESmanago, so events sent now may be refused. Verify it first, or choose another integration.'}
    </Alert>
  );
}
