'use client';

import Link from 'next/link';

import { useCan } from '@/components/shell/user-context';
import { Alert } from '@/components/ui/alert';
import { buttonClass } from '@/components/ui/button';
import type { IntegrationView } from '@/lib/data/integrations';

/**
 * The code prints the client ID and loads sm.js from the endpoint: when those settings are not
 * known to work, say so before anyone pastes the code on a live site.
 */
export function SettingsNotice({ integration }: { integration: IntegrationView }) {
  const canManage = useCan('integrations:manage');
  const { verification } = integration;
  const settings = (
    <Link href={`/integrations/${integration.id}`} className={buttonClass('secondary', 'sm')}>
      {canManage ? 'Open settings' : 'View settings'}
    </Link>
  );
  const who = canManage ? 'Verify them on the Settings tab' : 'Ask an admin to verify them';

  const notices = [];
  if (!verification) {
    notices.push(
      <Alert
        key="unverified"
        tone="warning"
        title="The settings in this code are not verified yet."
        actions={settings}
      >
        The code carries the client ID <code className="font-mono">{integration.clientId}</code> and loads
        sm.js from <span className="font-medium">{integration.host}</span>. {who} before you put the code on
        your site, so it reports to the right account.
      </Alert>,
    );
  } else if (verification.status === 'failed') {
    const failed = verification.checks.filter((c) => !c.ok).map((c) => c.label);
    notices.push(
      <Alert
        key="failed"
        tone="danger"
        title="The last verification of these settings failed."
        actions={settings}
      >
        {failed.length ? `Failed: ${failed.join(', ')}. ` : ''}A code made from wrong settings reports to the
        wrong place or nowhere. Fix the settings first.
      </Alert>,
    );
  }
  if (integration.isSandbox) {
    notices.push(
      <Alert key="sandbox" tone="info" title="This is the sandbox.">
        The code loads the console&apos;s own stand-in for sm.js, which records each page visit here and sends
        nothing to SALESmanago. Use it to practise the installation; for your live site use an integration
        with your SALESmanago account.
      </Alert>,
    );
  } else if (integration.endpoint.startsWith('http:')) {
    notices.push(
      <Alert key="http" tone="warning" title="sm.js would load over plain http.">
        Browsers block http scripts on https pages. Use an https endpoint for a live site.
      </Alert>,
    );
  }
  return notices.length ? <div className="mb-6 flex flex-col gap-3">{notices}</div> : null;
}
