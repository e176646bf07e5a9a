import fs from 'node:fs';
import path from 'node:path';

import { consoleRows, onPostgres } from './support/db';
import { DATA_DIR } from './support/env';
import { expect, test } from './support/fixtures';
import { findLeaks, forbiddenStrings } from './support/secrets';

// Runs after every other spec (Playwright teardown of the setup project): whatever the run did,
// no API key, API secret or sha may sit in plain text in the database, the server log or an
// export file (DATA_DIR/exports).
test('no secret is stored in plain text or logged during the whole run', async () => {
  const secrets = await forbiddenStrings();
  expect(secrets.length).toBeGreaterThanOrEqual(5);
  const files = fs
    .readdirSync(DATA_DIR)
    .filter((f) => (!onPostgres && f.startsWith('console.db')) || f.endsWith('.log'))
    .map((f) => path.join(DATA_DIR, f));
  const exportsDir = path.join(DATA_DIR, 'exports');
  if (fs.existsSync(exportsDir))
    files.push(...fs.readdirSync(exportsDir).map((f) => path.join(exportsDir, f)));
  expect(files.some((f) => f.endsWith('server.log'))).toBe(true);
  if (!onPostgres) expect(files.some((f) => f.endsWith('console.db'))).toBe(true);
  for (const file of files) {
    const text = fs.readFileSync(file).toString('latin1');
    expect(findLeaks(text, secrets), `${path.basename(file)} holds a secret in plain text`).toEqual([]);
  }
  if (onPostgres) {
    // PostgreSQL keeps no file of ours: every row of every table, as JSON text, is what a dump would show.
    const tables = await consoleRows<{ name: string }>(
      "select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'",
    );
    expect(tables.map((t) => t.name)).toContain('integrations');
    for (const { name } of tables) {
      const rows = await consoleRows<{ row: string }>(`select row_to_json(t)::text as row from "${name}" t`);
      const text = rows.map((r) => r.row).join('\n');
      expect(findLeaks(text, secrets), `table ${name} holds a secret in plain text`).toEqual([]);
    }
  }
});
