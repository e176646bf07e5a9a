import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

/**
 * Which end-to-end specs each of `npm test`'s two Playwright runs holds (scripts/test.sh): the SQLite run
 * (playwright.config.ts) leaves the PostgreSQL-only specs out instead of reporting their tests as skipped,
 * and the PostgreSQL run (playwright.pg.config.ts) still has them. Read with `playwright test --list`,
 * which loads the configs and the specs but starts no server.
 */

interface ListedSuite {
  file: string;
  specs: Array<{ tests: Array<{ projectName: string }> }>;
  suites?: ListedSuite[];
}

/** The number of tests per spec file of the `chromium` project, as Playwright lists them. */
async function listed(config: string, env: Record<string, string> = {}): Promise<Map<string, number>> {
  const { stdout } = await promisify(execFile)(
    'npx',
    ['playwright', 'test', '--list', '--reporter=json', '--config', config],
    { env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024 },
  );
  const counts = new Map<string, number>();
  const walk = (suite: ListedSuite) => {
    for (const spec of suite.specs)
      for (const t of spec.tests)
        if (t.projectName === 'chromium') counts.set(suite.file, (counts.get(suite.file) ?? 0) + 1);
    suite.suites?.forEach(walk);
  };
  (JSON.parse(stdout) as { suites: ListedSuite[] }).suites.forEach(walk);
  return counts;
}

describe("the end-to-end runs' specs", { timeout: 60_000 }, () => {
  it('the SQLite run leaves out instances.spec.ts, the PostgreSQL run holds its tests', async () => {
    // The PostgreSQL config wants scripts/e2e-pg.mjs's cluster variables; listing connects to nothing.
    const unused = 'postgres://unused@127.0.0.1:1/unused';
    const [sqlite, pg] = await Promise.all([
      listed('playwright.config.ts'),
      listed('playwright.pg.config.ts', {
        E2E_PG_URL: unused,
        E2E_DATABASE_URL: unused,
        E2E_APP_SECRET_KEY: 'unused',
      }),
    ]);
    expect(sqlite.has('instances.spec.ts')).toBe(false);
    // The rest of the suite is still there.
    expect(sqlite.get('shutdown.spec.ts')).toBeGreaterThan(0);
    expect(pg.get('instances.spec.ts')).toBeGreaterThan(0);
  });
});
