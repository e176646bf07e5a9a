import path from 'node:path';

/**
 * The console's configuration, read from the environment (product.md, "Configuration").
 * Read lazily so tests and scripts can set variables before first use.
 */
export interface AppConfig {
  port: number;
  dataDir: string;
  databasePath: string;
  publicUrl: string;
  /** Where the server reaches itself (the sandbox) without leaving the machine. */
  internalUrl: string;
  sandboxUrl: string;
  allowedEndpointHosts: string[];
  /** How long one SALESmanago call may take before it counts as a timeout. */
  deliveryTimeoutMs: number;
  adminEmail?: string;
  adminPassword?: string;
  /** The history benchmark's floor route (/api/bench/floor) answers only when this is on. */
  benchFloor: boolean;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error(`PORT must be a whole number from 1 to 65535 (got "${env.PORT}").`);
  }
  // Runtime configuration, not a build input: keep Turbopack from tracing the whole project.
  const dataDir = path.resolve(/*turbopackIgnore: true*/ env.DATA_DIR ?? './data');
  const publicUrl = (env.PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/+$/, '');
  return {
    port,
    dataDir,
    databasePath: path.join(dataDir, 'console.db'),
    publicUrl,
    internalUrl: `http://127.0.0.1:${port}`,
    sandboxUrl: `${publicUrl}/sandbox`,
    allowedEndpointHosts: (env.ALLOWED_ENDPOINT_HOSTS ?? '')
      .split(',')
      .map((h) => h.trim().toLowerCase())
      .filter(Boolean),
    deliveryTimeoutMs: positive(env.DELIVERY_TIMEOUT_MS, 10_000),
    adminEmail: env.ADMIN_EMAIL || undefined,
    adminPassword: env.ADMIN_PASSWORD || undefined,
    benchFloor: env.BENCH_FLOOR === '1',
  };
}

function positive(value: string | undefined, fallback: number): number {
  const n = Number(value);
  return value && Number.isFinite(n) && n > 0 ? n : fallback;
}

let cached: AppConfig | undefined;
export function config(): AppConfig {
  cached ??= readConfig();
  return cached;
}
