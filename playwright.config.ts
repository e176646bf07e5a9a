import { defineConfig, devices } from '@playwright/test';
import path from 'node:path';

import { SMTP_PORT } from './e2e/support/mail';
import { UNKNOWN_HOST } from './e2e/support/unknown-host';

const PORT = Number(process.env.E2E_PORT ?? 3100);
// One fresh data directory per run; set once here so Playwright's workers inherit the same value.
process.env.E2E_DATA_DIR ??= path.resolve('data', `e2e-${Date.now()}`);
const DATA_DIR = process.env.E2E_DATA_DIR;
export const BASE_URL = `http://127.0.0.1:${PORT}`;

/** Matches one spec file by name, in a project's testMatch or testIgnore. */
export const specFile = (name: string) => new RegExp(`/${name.replaceAll('.', '\\.')}$`);

/**
 * Specs that need PostgreSQL: several instances on one database (playwright.pg.config.ts runs them). Left
 * out of this run rather than skipped in it, so the SQLite run's count has no skips that are not news.
 */
export const POSTGRES_ONLY = ['instances.spec.ts'];

export default defineConfig({
  testDir: './e2e',
  outputDir: 'test-results',
  workers: 1,
  fullyParallel: false,
  retries: process.env.CI ? 1 : 0,
  forbidOnly: !!process.env.CI,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL: BASE_URL,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    permissions: ['clipboard-read', 'clipboard-write'],
    timezoneId: 'Europe/Warsaw',
    locale: 'en-GB',
  },
  projects: [
    {
      name: 'setup',
      testMatch: /global\.setup\.ts/,
      teardown: 'leak-audit',
      use: { ...devices['Desktop Chrome'], ...chromium() },
    },
    {
      name: 'leak-audit',
      testMatch: /leak\.audit\.ts/,
      use: { ...devices['Desktop Chrome'], ...chromium() },
    },
    {
      name: 'chromium',
      dependencies: ['setup'],
      testIgnore: POSTGRES_ONLY.map(specFile),
      use: { ...devices['Desktop Chrome'], ...chromium(), storageState: path.join(DATA_DIR, 'admin.json') },
    },
  ],
  webServer: {
    command: 'node dist/server.cjs',
    url: `${BASE_URL}/healthz`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'ignore',
    stderr: 'pipe',
    env: {
      NODE_ENV: 'production',
      NEXT_TELEMETRY_DISABLED: '1',
      PORT: String(PORT),
      HOST: '127.0.0.1',
      PUBLIC_URL: BASE_URL,
      DATA_DIR,
      LOG_FILE: path.join(DATA_DIR, 'server.log'),
      // Short, so the timeout magic contact fails fast.
      DELIVERY_TIMEOUT_MS: '4000',
      // The snippet checker may fetch pages from the specs' own static servers on loopback.
      SNIPPET_FETCH_ALLOW_HOSTS: '127.0.0.1',
      // Small, so e2e/export.spec.ts takes the export job's path with a handful of deliveries.
      EXPORT_DIRECT_MAX_ROWS: '5',
      // An endpoint whose name never resolves, so the unknown-host journeys fail on DNS the same way with
      // or without a network.
      ALLOWED_ENDPOINT_HOSTS: UNKNOWN_HOST,
      // Email and webhooks (e2e/notifications.spec.ts): the spec starts a mail server on SMTP_PORT and a
      // webhook receiver on 127.0.0.1. Other specs send no mail: nobody else opts in.
      SMTP_URL: `smtp://127.0.0.1:${SMTP_PORT}`,
      ALERT_FROM: 'SALESmanago Console <console@example.com>',
      WEBHOOK_ALLOW_HOSTS: '127.0.0.1',
      // The incident specs move the timers' clock (POST /api/test/clock) instead of waiting hours.
      TEST_CLOCK: '1',
    },
  },
});

function chromium() {
  return {
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
        '--disable-dev-shm-usage',
      ],
    },
  };
}
