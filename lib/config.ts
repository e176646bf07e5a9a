import { randomBytes } from 'node:crypto';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';

/**
 * The console's configuration, read from the environment (product.md, "Configuration"). This is the one
 * place that reads `process.env` (an ESLint rule keeps it so): every variable is checked here, at start,
 * so a wrong value stops the server with a sentence naming it instead of misbehaving later.
 * Read lazily so tests and scripts can set variables before first use.
 */
export interface AppConfig {
  port: number;
  /** The address the server listens on. */
  host: string;
  dataDir: string;
  databasePath: string;
  /** PostgreSQL instead of SQLite in DATA_DIR when set (issue 17); holds a password, never logged whole. */
  databaseUrl?: string;
  publicUrl: string;
  /** Where the server reaches itself (the sandbox) without leaving the machine. */
  internalUrl: string;
  sandboxUrl: string;
  allowedEndpointHosts: string[];
  /** How long one SALESmanago call may take before it counts as a timeout. */
  deliveryTimeoutMs: number;
  /** Events per batch: SALESmanago takes up to 1000; the official plugin sends 400, and so do we. */
  deliveryBatchSize: number;
  /** `DELIVERY_WORKER=off` queues without sending (maintenance, the delivery benchmark's set-up). */
  deliveryWorker: boolean;
  /** How long a SIGTERM's drain may take (requests, sends in flight) before the process exits anyway. */
  shutdownGraceMs: number;
  collectorOriginPerMinute: number;
  collectorIpPerMinute: number;
  /**
   * Proxies (addresses and CIDR ranges) whose X-Forwarded-For is believed when they are the socket's peer
   * (lib/api/client-ip.ts): the load balancer in front of several instances. Empty: the header is ignored.
   */
  trustedProxies: string[];
  /** The cap on a CSV upload; lib/backfill/upload.ts's default when unset. */
  backfillMaxBytes?: number;
  /** Hosts the snippet checker's page fetch may reach although they are not public (lib/net/allow-hosts.ts). */
  snippetFetchAllowHosts?: string;
  /** Copies the server's output to this file as well. */
  logFile?: string;
  /** Encrypts secrets at rest (lib/crypto.ts); a key file in DATA_DIR when unset. */
  appSecretKey?: string;
  adminEmail?: string;
  adminPassword?: string;
  /** The history benchmark's floor route (/api/bench/floor) answers only when this is on. */
  benchFloor: boolean;
  /** The end-to-end suite's clock (lib/clock.ts, /api/test/clock) may be moved only when this is on. */
  testClock: boolean;
  /** Exports up to this many rows download at once; larger ones run as a job (lib/jobs/export.ts). */
  exportDirectMaxRows: number;
  /** Where export jobs write their files (DATA_DIR/exports), each kept 24 hours. */
  exportsDir: string;
  /**
   * Deliveries one history search request looks through on SQLite, newest first, before its page ends
   * with a cursor that goes on (lib/data/deliveries-list.ts): its cost follows this, not the history.
   */
  historySearchWindow: number;
  /** Incident notices and the weekly digest by email (lib/notifications/email.ts); unset: email is off. */
  smtpUrl?: string;
  /** The sender of those emails; required with SMTP_URL. */
  alertFrom?: string;
  /** Hosts a notification webhook may reach although they are not public (lib/net/allow-hosts.ts). */
  webhookAllowHosts?: string;
  /**
   * This process's name on the leases it takes (deliveries, jobs), unique among the instances sharing a
   * database: INSTANCE_NAME, or `<hostname>-<pid>-<4 random hex>` when unset (a restart is a new owner).
   */
  instanceName: string;
}

const wholeNumber = (min: number, max = Number.MAX_SAFE_INTEGER) =>
  z
    .string()
    .regex(/^\d+$/)
    .transform(Number)
    .refine((n) => n >= min && n <= max);
const HOST_PORT = String.raw`(\[[0-9a-f:.]+\]|[^\s,:\[\]]+)(:\d{1,5})?`;
/** An IP address, or a CIDR range (`10.0.0.0/8`, `fd00::/8`) whose prefix fits its family. */
/**
 * An address or a CIDR range, not one that takes in every address (`0.0.0.0/0`, `::/0`): trusting every
 * peer's X-Forwarded-For would let any client choose its own address for the per-address limits.
 */
function isAddressOrRange(entry: string): boolean {
  const [address = '', prefix, ...rest] = entry.split('/');
  const family = net.isIP(address);
  if (family === 0 || rest.length > 0) return false;
  return (
    prefix === undefined ||
    (/^\d{1,3}$/.test(prefix) && Number(prefix) >= 1 && Number(prefix) <= (family === 4 ? 32 : 128))
  );
}
const listEntries = (list: string) =>
  list
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
const hostList = z
  .string()
  .regex(new RegExp(String.raw`^\s*${HOST_PORT}(\s*,\s*${HOST_PORT})*\s*,?\s*$`, 'i'));

const INSTANCE_NAME_FORM = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * The name of an instance nobody named: the host and process (readable in the database's lease owners),
 * and random hex, so a reused process id on the same host after a restart is still a new owner.
 */
function automaticInstanceName(): string {
  const tail = `-${process.pid}-${randomBytes(2).toString('hex')}`;
  const host = os.hostname().replace(/[^A-Za-z0-9._-]/g, '-') || 'console';
  return host.slice(0, 64 - tail.length) + tail;
}

/** Each variable: its check, and the expected form the error names. Secrets are never echoed. */
const VARIABLES = {
  PORT: { schema: wholeNumber(1, 65535), form: 'a whole number from 1 to 65535' },
  HOST: {
    schema: z.string().regex(/^[^\s/]+$/),
    form: 'a host name or IP address to listen on, like 127.0.0.1',
  },
  DATA_DIR: { schema: z.string(), form: 'a directory path' },
  // Holds the database password: never echoed.
  DATABASE_URL: {
    schema: z.url({ protocol: /^postgres(ql)?$/, hostname: /./ }),
    form: 'a postgres:// address, like postgres://console:password@db.example.com:5432/console',
    secret: true,
  },
  PUBLIC_URL: {
    schema: z.url({ protocol: /^https?$/ }),
    form: 'an http(s) address, like https://console.example.com',
  },
  ALLOWED_ENDPOINT_HOSTS: { schema: hostList, form: 'a comma-separated list of host[:port]' },
  DELIVERY_TIMEOUT_MS: { schema: wholeNumber(1), form: 'a whole number of milliseconds above 0' },
  DELIVERY_BATCH_SIZE: { schema: wholeNumber(1), form: 'a whole number above 0' },
  DELIVERY_WORKER: { schema: z.enum(['on', 'off']), form: '"on" or "off"' },
  SHUTDOWN_GRACE_MS: {
    schema: wholeNumber(0, 3_600_000),
    form: 'a whole number of milliseconds from 0 to 3600000',
  },
  COLLECTOR_ORIGIN_PER_MINUTE: { schema: wholeNumber(1), form: 'a whole number of requests above 0' },
  COLLECTOR_IP_PER_MINUTE: { schema: wholeNumber(1), form: 'a whole number of requests above 0' },
  TRUSTED_PROXIES: {
    schema: z.string().refine((list) => listEntries(list).every(isAddressOrRange)),
    form: 'a comma-separated list of IP addresses or CIDR ranges, like 127.0.0.1, 10.0.0.0/8 (not one that takes in every address)',
  },
  BACKFILL_MAX_BYTES: { schema: wholeNumber(1), form: 'a whole number of bytes above 0' },
  SNIPPET_FETCH_ALLOW_HOSTS: { schema: hostList, form: 'a comma-separated list of host[:port]' },
  LOG_FILE: { schema: z.string(), form: 'a file path' },
  APP_SECRET_KEY: {
    schema: z.string().refine((s) => /^[0-9a-f]{64}$/i.test(s) || s.length >= 32),
    form: 'at least 32 characters (or 64 hex characters)',
    secret: true,
  },
  ADMIN_EMAIL: { schema: z.email(), form: 'an email address' },
  ADMIN_PASSWORD: { schema: z.string(), form: 'a password', secret: true },
  BENCH_FLOOR: { schema: z.enum(['0', '1']), form: '"1" (on) or "0" (off)' },
  TEST_CLOCK: { schema: z.enum(['0', '1']), form: '"1" (on) or "0" (off)' },
  EXPORT_DIRECT_MAX_ROWS: {
    schema: wholeNumber(1, 1_000_000),
    form: 'a whole number of rows from 1 to 1000000',
  },
  HISTORY_SEARCH_WINDOW: {
    schema: wholeNumber(1, 100_000_000),
    form: 'a whole number of deliveries from 1 to 100000000',
  },
  // May hold the mail server's password: never echoed.
  SMTP_URL: {
    schema: z.url({ protocol: /^smtps?$/ }),
    form: 'an smtp:// or smtps:// address, like smtps://user:password@mail.example.com:465',
    secret: true,
  },
  ALERT_FROM: {
    schema: z.union([z.email(), z.string().regex(/^[^<>]+<[^<>\s]+@[^<>\s]+>$/)]),
    form: 'an email address, or a name and an address like "Console <alerts@example.com>"',
  },
  WEBHOOK_ALLOW_HOSTS: { schema: hostList, form: 'a comma-separated list of host[:port]' },
  INSTANCE_NAME: {
    schema: z.string().regex(INSTANCE_NAME_FORM),
    form: '1 to 64 letters, digits, dots, dashes or underscores, like console-a',
  },
} satisfies Record<string, { schema: z.ZodType; form: string; secret?: boolean }>;

type Name = keyof typeof VARIABLES;
type Values = { [K in Name]?: z.output<(typeof VARIABLES)[K]['schema']> };

const envSchema = z.object(
  Object.fromEntries(Object.entries(VARIABLES).map(([name, v]) => [name, v.schema.optional()])) as {
    [K in Name]: z.ZodOptional<(typeof VARIABLES)[K]['schema']>;
  },
);

/** Checks every variable the console reads; throws one sentence per wrong value. Unset and empty are the same. */
function readVariables(env: NodeJS.ProcessEnv): Values {
  const set = Object.fromEntries(
    Object.keys(VARIABLES).flatMap((name) => (env[name] ? [[name, env[name]]] : [])),
  );
  const parsed = envSchema.safeParse(set);
  if (parsed.success) {
    // A mail without a sender would be refused by the mail server at the first incident, long after start.
    if (parsed.data.SMTP_URL && !parsed.data.ALERT_FROM) {
      throw new Error(
        `The configuration is wrong: ALERT_FROM must be set when SMTP_URL is (${VARIABLES.ALERT_FROM.form}).`,
      );
    }
    // Several instances and every restart read the same database: they must share the key that encrypts
    // its secrets, so none may make its own in a DATA_DIR of its own (lib/crypto.ts).
    if (parsed.data.DATABASE_URL && !parsed.data.APP_SECRET_KEY) {
      throw new Error(
        `The configuration is wrong: APP_SECRET_KEY must be set when DATABASE_URL is, to the same value on every instance, so each can read the secrets the others stored: ${VARIABLES.APP_SECRET_KEY.form}.`,
      );
    }
    return parsed.data as Values;
  }
  const wrong = [...new Set(parsed.error.issues.map((issue) => String(issue.path[0])))] as Name[];
  const sentences = wrong.map((name) => {
    const { form } = VARIABLES[name];
    const got = 'secret' in VARIABLES[name] ? '' : ` (got "${set[name]}")`;
    return `${name} must be ${form}${got}.`;
  });
  throw new Error(`The configuration is wrong: ${sentences.join(' ')}`);
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const v = readVariables(env);
  const port = v.PORT ?? 3000;
  // Runtime configuration, not a build input: keep Turbopack from tracing the whole project.
  const dataDir = path.resolve(/*turbopackIgnore: true*/ v.DATA_DIR ?? './data');
  const publicUrl = (v.PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/+$/, '');
  return {
    port,
    host: v.HOST ?? '0.0.0.0',
    dataDir,
    databasePath: path.join(dataDir, 'console.db'),
    databaseUrl: v.DATABASE_URL,
    publicUrl,
    internalUrl: `http://127.0.0.1:${port}`,
    sandboxUrl: `${publicUrl}/sandbox`,
    allowedEndpointHosts: (v.ALLOWED_ENDPOINT_HOSTS ?? '')
      .split(',')
      .map((h) => h.trim().toLowerCase())
      .filter(Boolean),
    deliveryTimeoutMs: v.DELIVERY_TIMEOUT_MS ?? 10_000,
    deliveryBatchSize: v.DELIVERY_BATCH_SIZE ?? 400,
    deliveryWorker: v.DELIVERY_WORKER !== 'off',
    shutdownGraceMs: v.SHUTDOWN_GRACE_MS ?? 10_000,
    collectorOriginPerMinute: v.COLLECTOR_ORIGIN_PER_MINUTE ?? 600,
    collectorIpPerMinute: v.COLLECTOR_IP_PER_MINUTE ?? 120,
    trustedProxies: listEntries(v.TRUSTED_PROXIES ?? ''),
    backfillMaxBytes: v.BACKFILL_MAX_BYTES,
    snippetFetchAllowHosts: v.SNIPPET_FETCH_ALLOW_HOSTS,
    logFile: v.LOG_FILE,
    appSecretKey: v.APP_SECRET_KEY,
    adminEmail: v.ADMIN_EMAIL,
    adminPassword: v.ADMIN_PASSWORD,
    benchFloor: v.BENCH_FLOOR === '1',
    testClock: v.TEST_CLOCK === '1',
    // A direct download holds a request open while it streams; past a few thousand rows a job is kinder.
    exportDirectMaxRows: v.EXPORT_DIRECT_MAX_ROWS ?? 5000,
    exportsDir: path.join(dataDir, 'exports'),
    historySearchWindow: v.HISTORY_SEARCH_WINDOW ?? 1_000_000,
    smtpUrl: v.SMTP_URL,
    alertFrom: v.ALERT_FROM,
    webhookAllowHosts: v.WEBHOOK_ALLOW_HOSTS,
    instanceName: v.INSTANCE_NAME ?? automaticInstanceName(),
  };
}

let cached: AppConfig | undefined;
export function config(): AppConfig {
  if (!cached) {
    cached = readConfig();
    // One name per process: Next's module graph reads its own copy of this module, and the delivery
    // thread copies the environment when it starts; both must take leases under the same automatic name.
    process.env.INSTANCE_NAME = cached.instanceName;
  }
  return cached;
}

/** Reads the environment again at the next use: for tests that change a variable after the first read. */
export function reloadConfig(): void {
  cached = undefined;
}
