// `npm run test:e2e:pg`: the end-to-end subset of playwright.pg.config.ts on PostgreSQL (issue 17). Starts a
// throwaway cluster (scripts/pg-cluster.mjs), makes the console's database in it, runs Playwright with the
// URLs and a fresh APP_SECRET_KEY in E2E_* variables, and stops the cluster whatever happens: nothing is left
// running. Arguments go to `playwright test` (e.g. a spec name, --reporter).
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import path from 'node:path';
import pg from 'pg';

import { startCluster } from './pg-cluster.mjs';

const cluster = await startCluster();
let code = 1;
try {
  const admin = new pg.Client({ connectionString: cluster.url });
  await admin.connect();
  await admin.query('create database console');
  await admin.end();
  const database = new URL(cluster.url);
  database.pathname = '/console';
  const env = {
    ...process.env,
    E2E_PG_URL: cluster.url,
    E2E_DATABASE_URL: database.href,
    E2E_APP_SECRET_KEY: crypto.randomBytes(32).toString('base64url'),
    E2E_DATA_DIR: process.env.E2E_DATA_DIR ?? path.resolve('data', `e2e-pg-${Date.now()}`),
  };
  const child = spawn(
    'npx',
    ['playwright', 'test', '--config', 'playwright.pg.config.ts', ...process.argv.slice(2)],
    {
      env,
      stdio: 'inherit',
    },
  );
  const forward = (signal) => child.kill(signal);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  code = await new Promise((resolve) => child.once('exit', (c) => resolve(c ?? 1)));
} finally {
  await cluster.stop();
}
process.exit(code);
