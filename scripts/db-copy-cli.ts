// The db:copy command's arguments and output (run by scripts/db-copy.mjs): the copy itself is
// lib/data/copy-to-postgres.ts. Progress goes to stderr, the summary to stdout; exit code 1 and one
// sentence when the copy cannot be made. Neither ever holds the address's password nor a key.
import path from 'node:path';

import { copyToPostgres } from '@/lib/data/copy-to-postgres';
import { describePgUrl } from '@/lib/data/postgres-start';
import { readConfig } from '@/lib/config';

const USAGE =
  'Usage: npm run db:copy -- --to postgres://user:password@host:5432/database (run with the SQLite console’s DATA_DIR and APP_SECRET_KEY, if it has one).';

/** The --to address, or a sentence saying what is wrong with the arguments. */
function targetUrl(args: string[]): string {
  const at = args.findIndex((a) => a === '--to' || a.startsWith('--to='));
  const value = at < 0 ? undefined : args[at]!.startsWith('--to=') ? args[at]!.slice(5) : args[at + 1];
  if (!value) throw new Error(`Name the empty PostgreSQL database to copy into with --to. ${USAGE}`);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(
      `--to must be a postgres:// address, like postgres://console:password@db.example.com:5432/console. ${USAGE}`,
    );
  }
  if ((url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') || !url.hostname)
    throw new Error(
      `--to must be a postgres:// address, like postgres://console:password@db.example.com:5432/console (got a ${url.protocol} address). ${USAGE}`,
    );
  return value;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args.includes('--help') || args.includes('-h')) {
    console.log(USAGE);
    return;
  }
  let url: string | undefined;
  try {
    url = targetUrl(args);
    const config = readConfig(process.env);
    const started = Date.now();
    console.error(`Copying ${config.databasePath} to PostgreSQL at ${describePgUrl(url)}`);
    const { tables, keyAdvice } = await copyToPostgres({
      sqliteFile: config.databasePath,
      url,
      keyFile: path.join(config.dataDir, 'secret.key'),
      appSecretKey: config.appSecretKey,
      progress: (line) => console.error(line),
    });
    const copied = tables.filter((t) => !t.rebuilt);
    const rows = copied.reduce((sum, t) => sum + t.rows, 0);
    console.log(
      `Copied ${rows.toLocaleString('en-US')} rows of ${copied.length} tables in ${((Date.now() - started) / 1000).toFixed(1)} s; every table's row count matches.`,
    );
    console.log(keyAdvice);
    console.log(`Then start it with DATABASE_URL set to the --to address (${describePgUrl(url)}).`);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    // The server's messages never hold the password; this is a second guard, for both of its spellings.
    const { password } = url ? new URL(url) : { password: '' };
    const hidden = [password, decodeURIComponent(password)].filter(Boolean);
    console.error(`db:copy: ${hidden.reduce((text, secret) => text.replaceAll(secret, '***'), message)}`);
    process.exitCode = 1;
  }
}

void main();
