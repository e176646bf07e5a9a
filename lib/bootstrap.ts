import 'server-only';

import { getDb } from '@/db';
import { config } from '@/lib/config';
import { ensureSandbox } from '@/lib/data/sandbox';
import { countUsers, createUser } from '@/lib/data/users';
import { logInfo } from '@/lib/log';

/**
 * Everything a start needs before serving: the database migrated, the first admin from
 * ADMIN_EMAIL/ADMIN_PASSWORD when no user exists, and the sandbox account with its integration.
 */
export async function bootstrap(): Promise<void> {
  getDb();
  const cfg = config();
  if (cfg.adminEmail && cfg.adminPassword && countUsers() === 0) {
    await createUser({ email: cfg.adminEmail, password: cfg.adminPassword, role: 'admin', name: 'Admin' });
    logInfo(`created the first admin ${cfg.adminEmail} from ADMIN_EMAIL`);
  }
  ensureSandbox();
}
