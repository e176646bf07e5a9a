import 'server-only';

import { getIntegrationRow } from './integrations';
import { lastSandboxVisit } from './sandbox';

/**
 * Whether the monitoring code has been seen running on a page. Only the sandbox can tell: its
 * sm.js reports each page view to the console. SALESmanago's own sm.js reports to SALESmanago,
 * and the console has no way to ask it, so for a real account the screen points to the URL checker.
 */
export interface InstallationView {
  detection: 'sandbox' | 'unavailable';
  lastSeen: { url: string; at: number } | null;
}

export function getInstallation(integrationId: number): InstallationView {
  const row = getIntegrationRow(integrationId);
  if (!row.isSandbox) return { detection: 'unavailable', lastSeen: null };
  return { detection: 'sandbox', lastSeen: lastSandboxVisit(row.clientId) ?? null };
}
