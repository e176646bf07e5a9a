import 'server-only';

import { config } from '@/lib/config';
import { pagesToRecheck } from '@/lib/data/installation';
import { checkIntegrationSnippet } from '@/lib/integrations/snippet-check';
import { logError } from '@/lib/log';

/** How often a real account's page with the code is fetched again (the incident waits 24 h by default). */
export const INSTALLATION_CHECK_EVERY_MS = 6 * 3_600_000;

/**
 * Fetches again each page where the monitoring code was once found (a person's page check remembered
 * it): found again moves "last seen" forward (checkIntegrationSnippet records it); missing, or the page
 * unreachable, leaves it, and the incident checks open "monitoring code gone" once it is too old.
 * The sandbox needs none of this: its sm.js reports every page view.
 */
export async function installationChecksTick(): Promise<void> {
  const allowHosts = config().snippetFetchAllowHosts;
  for (const page of await pagesToRecheck()) {
    try {
      await checkIntegrationSnippet(page.id, { url: page.url }, { allowHosts });
    } catch (err) {
      // An unreachable page is no proof the code is gone, and one shop's page must not stop the others.
      logError('installation-check', err);
    }
  }
}
