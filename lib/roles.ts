import type { Role } from '@/db/enums';

/**
 * What each role may do. Admins do everything; marketers send events and read history but never see
 * or change credentials; viewers only read.
 */
export const PERMISSIONS = {
  'integrations:read': ['admin', 'marketer', 'viewer'],
  'integrations:manage': ['admin'],
  'credentials:read-hints': ['admin'],
  'events:send': ['admin', 'marketer'],
  'templates:manage': ['admin', 'marketer'],
  // Monitoring-code options shape what a marketer pastes on the site; they hold no credentials.
  'snippet:manage': ['admin', 'marketer'],
  // Checking a page by its address makes the server fetch a URL on the caller's behalf; a viewer, who
  // changes nothing, checks pasted code only (architecture.md, "Security rules").
  'snippet:fetch-page': ['admin', 'marketer'],
  'deliveries:read': ['admin', 'marketer', 'viewer'],
  'deliveries:retry': ['admin', 'marketer'],
  'backfill:run': ['admin', 'marketer'],
  'users:manage': ['admin'],
  'curl:include-secrets': ['admin'],
  'tokens:manage': ['admin'],
  'audit:read': ['admin'],
  // How long the history is kept, and a contact's erasure (GDPR): both remove data for good.
  'retention:manage': ['admin'],
  'contacts:erase': ['admin'],
  // Webhooks and the reminder interval reach everyone; a person's own email choices need no permission.
  'notifications:manage': ['admin'],
  // Incidents: anyone reads them; those who send act on them; admins decide when they open.
  'incidents:read': ['admin', 'marketer', 'viewer'],
  'incidents:manage': ['admin', 'marketer'],
  'incidents:configure': ['admin'],
  // Pausing and resuming an integration's sending is a sender's call, like retrying.
  'sending:pause': ['admin', 'marketer'],
  // The sandbox account's API secret (to rehearse a rotated secret), and the end-to-end suite's clock.
  'sandbox:manage': ['admin'],
  'clock:move': ['admin'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function can(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}

export const ROLE_LABELS: Record<Role, { label: string; description: string }> = {
  admin: { label: 'Admin', description: 'Everything, including users and SALESmanago credentials.' },
  marketer: { label: 'Marketer', description: 'Sends events and reads the history; cannot see credentials.' },
  viewer: { label: 'Viewer', description: 'Reads integrations and the history; changes nothing.' },
};
