import 'server-only';

import { config } from '@/lib/config';
import { openDatabase } from '@/lib/data/connection';
import { checkSecretKey } from '@/lib/data/key-check';
import { listIntegrations } from '@/lib/data/integrations';
import { optimizeDatabase, startOptimizer } from '@/lib/data/optimize';
import { ensureSandbox } from '@/lib/data/sandbox';
import { countUsers, createUser } from '@/lib/data/users';
import { verifyIntegration } from '@/lib/integrations/verify';
import { logError, logInfo } from '@/lib/log';

/**
 * Everything a start needs before serving: the database migrated, the secret key checked against the
 * one the database was set up with (lib/data/key-check.ts), the first admin from
 * ADMIN_EMAIL/ADMIN_PASSWORD when no user exists, and the sandbox account with its integration.
 */
export async function bootstrap(): Promise<void> {
  // The start says which engine it uses (issue 17), and stops here with a sentence when it cannot.
  logInfo(`database: ${await openDatabase()}`);
  // Before anything is written: another instance's key would store secrets these could not read.
  await checkSecretKey();
  const cfg = config();
  if (cfg.adminEmail && cfg.adminPassword && (await countUsers()) === 0) {
    await createUser({ email: cfg.adminEmail, password: cfg.adminPassword, role: 'admin', name: 'Admin' });
    logInfo(`created the first admin ${cfg.adminEmail} from ADMIN_EMAIL`);
  }
  await ensureSandbox();
  await optimizeDatabase(true);
}

/**
 * Once the server listens: verify the sandbox integration if it never was, so a newcomer's first screen
 * already shows it working (the sandbox is reached over HTTP, so this cannot run before listening).
 */
export async function afterListen(): Promise<void> {
  startOptimizer();
  for (const integration of await listIntegrations('admin')) {
    if (integration.isSandbox && !integration.verification) {
      await verifyIntegration(integration.id).catch((err: unknown) => logError('sandbox verification', err));
    }
  }
}
