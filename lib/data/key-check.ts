import 'server-only';

import { appKeyCheckValue, secretKeySource } from '@/lib/crypto';
import { KEY_CHECK_SETTING, writeSettingOnce } from './settings';

/**
 * Every instance on one database must encrypt and read secrets with the same key (issue 18): one started
 * with another key would store secrets the others cannot read, and fail to read theirs. The database
 * keeps the key check value (lib/secret-box.ts keyCheckValue, never the key) of the first start; a start
 * with a key whose value differs stops here with a sentence, before anything else is written. A SQLite
 * console's generated key file (DATA_DIR/secret.key) is checked the same way, so a wrong APP_SECRET_KEY
 * set on an existing data directory is caught too.
 */
export async function checkSecretKey(
  check: string = appKeyCheckValue(),
  source: string = secretKeySource(),
): Promise<void> {
  const stored = await writeSettingOnce(KEY_CHECK_SETTING, check);
  if (stored === check) return;
  const fix =
    source === 'APP_SECRET_KEY'
      ? 'set it to the key the other instances use (the one this database was first started with)'
      : 'set APP_SECRET_KEY to the key this database was first started with, or put back the key file it was started with';
  throw new Error(
    `${source} differs from the key this database was set up with: every instance must use the same key, so each can read the secrets the others stored; ${fix}. Only this build's migrations were applied; nothing else was written.`,
  );
}
