import 'server-only';

import { CREDENTIALS_TICK_EVERY_MS, credentialsHealthTick } from './credentials-health';
import { detectIncidents, INCIDENT_CHECK_EVERY_MS } from './incident-detection';
import { INSTALLATION_CHECK_EVERY_MS, installationChecksTick } from './installation-checks';
import { MAINTENANCE_EVERY_MS, maintenanceTick } from './maintenance';
import { NOTIFICATIONS_EVERY_MS, notificationTick } from '@/lib/notifications/tick';
import { startSchedule, type Schedule, type ScheduledTick } from './schedule';

/**
 * Every timer of the server process, as scheduled ticks (schedule.ts): their last runs are in the
 * database, so a restart neither skips nor repeats one. Add a timer here, with a name of its own.
 */
const TIMERS: ScheduledTick[] = [
  // Housekeeping keeps the real clock: retention and the exports' 24 hours are not the test clock's.
  { name: 'maintenance', everyMs: MAINTENANCE_EVERY_MS, run: () => maintenanceTick() },
  { name: 'incident-checks', everyMs: INCIDENT_CHECK_EVERY_MS, run: detectIncidents },
  { name: 'credential-checks', everyMs: CREDENTIALS_TICK_EVERY_MS, run: credentialsHealthTick },
  // Real accounts' pages where the monitoring code was found, fetched again ("monitoring code gone").
  { name: 'installation-checks', everyMs: INSTALLATION_CHECK_EVERY_MS, run: installationChecksTick },
  // Incident notices, reminders, the weekly digest and retries: derived from the database each pass.
  { name: 'notifications', everyMs: NOTIFICATIONS_EVERY_MS, run: notificationTick },
];

/** Started once the server listens: the credential checks reach the sandbox through it. */
export function startTimers(): Schedule {
  return startSchedule(TIMERS);
}
