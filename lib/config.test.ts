import path from 'node:path';
import { describe, expect, it } from 'vitest';

import { readConfig } from './config';

const env = (vars: Record<string, string>) => vars as NodeJS.ProcessEnv;

describe('readConfig', () => {
  it('fills in the documented defaults when nothing is set (empty counts as unset)', () => {
    const cfg = readConfig(env({ PUBLIC_URL: '', DELIVERY_WORKER: '' }));
    expect(cfg).toMatchObject({
      port: 3000,
      host: '0.0.0.0',
      dataDir: path.resolve('./data'),
      publicUrl: 'http://localhost:3000',
      sandboxUrl: 'http://localhost:3000/sandbox',
      deliveryTimeoutMs: 10_000,
      deliveryBatchSize: 400,
      deliveryWorker: true,
      shutdownGraceMs: 10_000,
      collectorOriginPerMinute: 600,
      collectorIpPerMinute: 120,
      trustedProxies: [],
      allowedEndpointHosts: [],
      exportDirectMaxRows: 5000,
      exportsDir: path.resolve('./data/exports'),
    });
    expect(cfg.backfillMaxBytes).toBeUndefined();
    expect(cfg.appSecretKey).toBeUndefined();
  });

  it('names the instance INSTANCE_NAME, or the host, process id and random hex when unset', () => {
    expect(readConfig(env({ INSTANCE_NAME: 'console-a.1_b' })).instanceName).toBe('console-a.1_b');
    expect(readConfig(env({ INSTANCE_NAME: 'x'.repeat(64) })).instanceName).toHaveLength(64);
    const first = readConfig(env({})).instanceName;
    const second = readConfig(env({})).instanceName;
    expect(first).toMatch(new RegExp(`^[A-Za-z0-9._-]{1,50}-${process.pid}-[0-9a-f]{4}$`));
    expect(first.length).toBeLessThanOrEqual(64);
    // Two processes with the same host and a reused pid are still two owners.
    expect(second).not.toBe(first);
  });

  it('reads every variable the console uses', () => {
    const cfg = readConfig(
      env({
        PORT: '3130',
        HOST: '127.0.0.1',
        PUBLIC_URL: 'https://console.example.com/',
        ALLOWED_ENDPOINT_HOSTS: 'Proxy.example.com:8443, 127.0.0.1',
        DELIVERY_TIMEOUT_MS: '4000',
        DELIVERY_BATCH_SIZE: '50',
        DELIVERY_WORKER: 'off',
        SHUTDOWN_GRACE_MS: '2500',
        COLLECTOR_ORIGIN_PER_MINUTE: '1000000',
        COLLECTOR_IP_PER_MINUTE: '300000',
        TRUSTED_PROXIES: '127.0.0.1, 10.0.0.0/8,fd00::/8,',
        BACKFILL_MAX_BYTES: '200',
        SNIPPET_FETCH_ALLOW_HOSTS: '127.0.0.1:4000,staging.shop.internal,[::1]:8080',
        LOG_FILE: '/tmp/server.log',
        APP_SECRET_KEY: 'a'.repeat(32),
        ADMIN_EMAIL: 'admin@example.com',
        ADMIN_PASSWORD: 'secret',
        EXPORT_DIRECT_MAX_ROWS: '3',
      }),
    );
    expect(cfg).toMatchObject({
      port: 3130,
      host: '127.0.0.1',
      publicUrl: 'https://console.example.com',
      internalUrl: 'http://127.0.0.1:3130',
      allowedEndpointHosts: ['proxy.example.com:8443', '127.0.0.1'],
      deliveryTimeoutMs: 4000,
      deliveryBatchSize: 50,
      deliveryWorker: false,
      shutdownGraceMs: 2500,
      collectorOriginPerMinute: 1_000_000,
      collectorIpPerMinute: 300_000,
      trustedProxies: ['127.0.0.1', '10.0.0.0/8', 'fd00::/8'],
      backfillMaxBytes: 200,
      snippetFetchAllowHosts: '127.0.0.1:4000,staging.shop.internal,[::1]:8080',
      logFile: '/tmp/server.log',
      appSecretKey: 'a'.repeat(32),
      adminEmail: 'admin@example.com',
      adminPassword: 'secret',
      exportDirectMaxRows: 3,
    });
  });

  it.each([
    ['PORT', '70000', 'PORT must be a whole number from 1 to 65535 (got "70000").'],
    ['PORT', 'abc', 'PORT must be a whole number from 1 to 65535 (got "abc").'],
    [
      'HOST',
      'http://x',
      'HOST must be a host name or IP address to listen on, like 127.0.0.1 (got "http://x").',
    ],
    [
      'PUBLIC_URL',
      'ftp://x.example',
      'PUBLIC_URL must be an http(s) address, like https://console.example.com',
    ],
    [
      'DELIVERY_TIMEOUT_MS',
      '0',
      'DELIVERY_TIMEOUT_MS must be a whole number of milliseconds above 0 (got "0").',
    ],
    ['DELIVERY_BATCH_SIZE', '1.5', 'DELIVERY_BATCH_SIZE must be a whole number above 0 (got "1.5").'],
    ['DELIVERY_WORKER', 'yes', 'DELIVERY_WORKER must be "on" or "off" (got "yes").'],
    [
      'SHUTDOWN_GRACE_MS',
      '10s',
      'SHUTDOWN_GRACE_MS must be a whole number of milliseconds from 0 to 3600000 (got "10s").',
    ],
    ['COLLECTOR_IP_PER_MINUTE', '-1', 'COLLECTOR_IP_PER_MINUTE must be a whole number of requests above 0'],
    ...['proxy.example.com', '10.0.0.0/33', '127.0.0.1/8/1', '::1/129', '0.0.0.0/0', '::/0'].map((wrong) => [
      'TRUSTED_PROXIES',
      wrong,
      `TRUSTED_PROXIES must be a comma-separated list of IP addresses or CIDR ranges, like 127.0.0.1, 10.0.0.0/8 (not one that takes in every address) (got "${wrong}").`,
    ]),
    ['COLLECTOR_ORIGIN_PER_MINUTE', 'many', 'COLLECTOR_ORIGIN_PER_MINUTE must be a whole number'],
    [
      'BACKFILL_MAX_BYTES',
      '100MB',
      'BACKFILL_MAX_BYTES must be a whole number of bytes above 0 (got "100MB").',
    ],
    [
      'SNIPPET_FETCH_ALLOW_HOSTS',
      'http://a/b',
      'SNIPPET_FETCH_ALLOW_HOSTS must be a comma-separated list of host[:port]',
    ],
    ['ALLOWED_ENDPOINT_HOSTS', 'a b', 'ALLOWED_ENDPOINT_HOSTS must be a comma-separated list of host[:port]'],
    [
      'EXPORT_DIRECT_MAX_ROWS',
      '0',
      'EXPORT_DIRECT_MAX_ROWS must be a whole number of rows from 1 to 1000000 (got "0").',
    ],
    [
      'HISTORY_SEARCH_WINDOW',
      '1e6',
      'HISTORY_SEARCH_WINDOW must be a whole number of deliveries from 1 to 100000000 (got "1e6").',
    ],
    ['ADMIN_EMAIL', 'admin', 'ADMIN_EMAIL must be an email address (got "admin").'],
    [
      'INSTANCE_NAME',
      'console a',
      'INSTANCE_NAME must be 1 to 64 letters, digits, dots, dashes or underscores, like console-a (got "console a").',
    ],
    [
      'INSTANCE_NAME',
      'x'.repeat(65),
      'INSTANCE_NAME must be 1 to 64 letters, digits, dots, dashes or underscores',
    ],
    [
      'WEBHOOK_ALLOW_HOSTS',
      'http://a/b',
      'WEBHOOK_ALLOW_HOSTS must be a comma-separated list of host[:port]',
    ],
    [
      'ALERT_FROM',
      'alerts',
      'ALERT_FROM must be an email address, or a name and an address like "Console <alerts@example.com>" (got "alerts").',
    ],
  ])('stops at a wrong %s=%s with a sentence naming the variable and the form', (name, value, sentence) => {
    expect(() => readConfig(env({ [name]: value }))).toThrow(sentence);
  });

  it('reads the mail server and sender, and asks for a sender with a mail server', () => {
    const cfg = readConfig(
      env({
        SMTP_URL: 'smtps://user:pw@mail.example.com:465',
        ALERT_FROM: 'Console <alerts@example.com>',
        WEBHOOK_ALLOW_HOSTS: '127.0.0.1',
      }),
    );
    expect(cfg).toMatchObject({
      smtpUrl: 'smtps://user:pw@mail.example.com:465',
      alertFrom: 'Console <alerts@example.com>',
      webhookAllowHosts: '127.0.0.1',
    });
    expect(() => readConfig(env({ SMTP_URL: 'smtp://127.0.0.1:2525' }))).toThrow(
      'ALERT_FROM must be set when SMTP_URL is',
    );
  });

  it('refuses an SMTP_URL that is not one without echoing it (it may hold a password)', () => {
    for (const value of ['mail.example.com', 'https://user:hunter2pass@mail.example.com']) {
      let message = '';
      try {
        readConfig(env({ SMTP_URL: value, ALERT_FROM: 'alerts@example.com' }));
      } catch (err) {
        message = (err as Error).message;
      }
      expect(message).toBe(
        'The configuration is wrong: SMTP_URL must be an smtp:// or smtps:// address, like smtps://user:password@mail.example.com:465.',
      );
      expect(message).not.toContain('hunter2pass');
    }
  });

  it('names every wrong variable at once, and never echoes a secret', () => {
    let message = '';
    try {
      readConfig(env({ PORT: 'x', APP_SECRET_KEY: 'short-secret-value' }));
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toBe(
      'The configuration is wrong: PORT must be a whole number from 1 to 65535 (got "x"). ' +
        'APP_SECRET_KEY must be at least 32 characters (or 64 hex characters).',
    );
    expect(message).not.toContain('short-secret-value');
  });

  it('selects PostgreSQL with DATABASE_URL, which needs APP_SECRET_KEY, and never echoes the URL', () => {
    const key = 'k'.repeat(32);
    const url = 'postgres://console:hunter2pass@db.example.com:5432/console';
    expect(readConfig(env({ DATABASE_URL: url, APP_SECRET_KEY: key })).databaseUrl).toBe(url);
    expect(readConfig(env({})).databaseUrl).toBeUndefined();
    expect(() => readConfig(env({ DATABASE_URL: url }))).toThrow(
      /^The configuration is wrong: APP_SECRET_KEY must be set when DATABASE_URL is, to the same value on every instance, so each can read the secrets the others stored: at least 32 characters/,
    );
    for (const wrong of [
      'mysql://console:hunter2pass@db.example.com/console',
      'db.example.com:5432',
      'postgres://console:hunter2pass@/console',
      'postgres://console:hunter2pass@db.example.com:99999/console',
    ]) {
      let message = '';
      try {
        readConfig(env({ DATABASE_URL: wrong, APP_SECRET_KEY: key }));
      } catch (err) {
        message = (err as Error).message;
      }
      expect(message, wrong).toBe(
        'The configuration is wrong: DATABASE_URL must be a postgres:// address, like postgres://console:password@db.example.com:5432/console.',
      );
      expect(message).not.toContain('hunter2pass');
    }
  });
});
