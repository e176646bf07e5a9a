import { defineConfig, type PlaywrightTestConfig } from '@playwright/test';

import base, { specFile } from './playwright.config';

// The end-to-end suite on PostgreSQL (issue 17): the same console, specs and browser, with the server on a
// database of a throwaway cluster. Started by scripts/e2e-pg.mjs (`npm run test:e2e:pg`, and `npm test`
// after the SQLite run), which makes the cluster and passes its URLs in E2E_* variables.
//
// A subset, to keep `npm test` inside CI's time: every screen once (phone.spec.ts walks them all, with
// axe), the journeys that write and read the most (sending, the website collector, history, the overview,
// sign-in and its limits), the SIGKILL test, the graceful shutdown (SIGTERM, and a start with another
// APP_SECRET_KEY), the backfill restart test, and two instances behind nginx (instances.spec.ts). The rest
// of the suite exercises the same data functions, which the unit tests run on both engines.
const ON_POSTGRES = [
  'phone.spec.ts',
  'composer.spec.ts',
  'collector.spec.ts',
  'history.spec.ts',
  'overview.spec.ts',
  'auth.spec.ts',
  'login-lockout.spec.ts',
  'kill.spec.ts',
  'shutdown.spec.ts',
  'backfill-restart.spec.ts',
  'instances.spec.ts',
];

const databaseUrl = process.env.E2E_DATABASE_URL;
const secretKey = process.env.E2E_APP_SECRET_KEY;
if (!databaseUrl || !secretKey || !process.env.E2E_PG_URL)
  throw new Error(
    'playwright.pg.config.ts needs the cluster scripts/e2e-pg.mjs starts: run `npm run test:e2e:pg` instead.',
  );

const webServer = base.webServer as NonNullable<PlaywrightTestConfig['webServer']> & {
  env: Record<string, string>;
};

export default defineConfig({
  ...base,
  // Its own folder: Playwright empties the output folder at start, and the SQLite run's traces must stay.
  outputDir: 'test-results-pg',
  projects: base.projects!.map((project) =>
    project.name === 'chromium'
      ? // The PostgreSQL-only specs the SQLite run ignores (POSTGRES_ONLY) are in the subset: nothing ignored.
        { ...project, testMatch: ON_POSTGRES.map(specFile), testIgnore: [] }
      : project,
  ),
  webServer: {
    ...webServer,
    env: { ...webServer.env, DATABASE_URL: databaseUrl, APP_SECRET_KEY: secretKey },
  },
});
