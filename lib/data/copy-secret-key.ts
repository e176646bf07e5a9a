import fs from 'node:fs';

import { deriveKey, keyCheckValue, open } from '@/lib/secret-box';

/** Where the key that encrypted a SQLite console's secrets can come from (lib/crypto.ts, loadSecretKey). */
export interface KeySources {
  /** APP_SECRET_KEY of the environment db:copy runs in, if set. */
  appSecretKey?: string;
  /** DATA_DIR/secret.key: the key a SQLite console generates when APP_SECRET_KEY is unset. */
  keyFile: string;
  /** One encrypted secret of the SQLite database (an integration's API key...), or none when it holds none. */
  sample?: string;
  /** The key check value the SQLite console stored (lib/data/key-check.ts), if any: the copy takes it along. */
  keyCheck?: string;
}

/** Whether `material` is the key the sources prove: it decrypts the sample and matches the check value. */
function fits(material: string, { sample, keyCheck }: KeySources): boolean {
  try {
    const key = deriveKey(material);
    if (keyCheck !== undefined && keyCheckValue(key) !== keyCheck) return false;
    if (sample !== undefined) open(sample, key);
    return true;
  } catch {
    return false;
  }
}

function readKeyFile(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8').trim() || undefined;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/**
 * Which APP_SECRET_KEY the PostgreSQL console must run with so that the copied secrets decrypt, as one
 * sentence naming where the key is (never the key itself). Secrets are copied as stored, encrypted, so
 * the key must be the one they were encrypted with; that is proven by decrypting one of them, and by the
 * key check value, which the copy takes along and the console then checks at every start. Throws a
 * sentence when it cannot be: APP_SECRET_KEY set to another key, or no key to be found.
 */
export function secretKeyAdvice(sources: KeySources): string {
  const { appSecretKey, keyFile } = sources;
  // A key is known to be needed when a secret or the key check value was stored with it.
  const proven = sources.sample !== undefined || sources.keyCheck !== undefined;
  const fileKey = readKeyFile(keyFile);
  const fileFits = fileKey !== undefined && fits(fileKey, sources);
  if (appSecretKey) {
    if (fits(appSecretKey, sources))
      return 'Start the console on PostgreSQL with the same APP_SECRET_KEY as this one: the copied secrets were encrypted with it.';
    throw new Error(
      fileFits
        ? `APP_SECRET_KEY is set, but the SQLite console's secrets were encrypted with the key in ${keyFile}: unset APP_SECRET_KEY (or set it to that file's contents) and copy again.`
        : "APP_SECRET_KEY is set, but it is not the key the SQLite console's secrets were encrypted with: set it to the key that console runs with and copy again.",
    );
  }
  if (fileFits)
    return `Start the console on PostgreSQL with APP_SECRET_KEY set to the contents of ${keyFile} (the key this console generated; keep it secret): APP_SECRET_KEY="$(cat ${keyFile})".`;
  if (fileKey !== undefined)
    throw new Error(
      `The SQLite console's secrets were not encrypted with the key in ${keyFile}: set APP_SECRET_KEY to the key that console runs with and copy again.`,
    );
  if (proven)
    throw new Error(
      `The SQLite console holds encrypted secrets, but APP_SECRET_KEY is unset and there is no ${keyFile}: set APP_SECRET_KEY to the key that console runs with and copy again.`,
    );
  return 'No secret is stored yet: start the console on PostgreSQL with an APP_SECRET_KEY of your choice (32 characters or more), the same on every instance.';
}
