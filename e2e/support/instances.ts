import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

import { ensureDatabaseFor } from './db';
import { startConsole, type ConsoleProcess } from './server-process';

/**
 * Several console instances on one PostgreSQL database behind nginx on loopback (issue 18), started from
 * docs/nginx.conf itself (its ports replaced), so the README's example is the one the tests run. nginx
 * runs in the foreground from a directory of its own (pid, logs, temporary files): never the system's.
 */

export const NGINX_BIN = process.env.NGINX_BIN ?? '/usr/sbin/nginx';
const TEMPLATE = path.resolve('docs', 'nginx.conf');

/** docs/nginx.conf with its listen port and upstream servers replaced (every other line as written). */
export function nginxConfig(template: string, listenPort: number, upstreamPorts: number[]): string {
  const servers = /^(\s*)server 127\.0\.0\.1:\d+( [^;]*)?;\n/gm;
  const [first] = [...template.matchAll(servers)];
  if (!first || !/^\s*listen 127\.0\.0\.1:\d+;$/m.test(template))
    throw new Error(
      'docs/nginx.conf no longer has the `listen` and `server 127.0.0.1:<port>` lines the tests replace.',
    );
  const lines = upstreamPorts
    .map((port) => `${first[1]}server 127.0.0.1:${port}${first[2] ?? ''};\n`)
    .join('');
  let placed = false;
  return template
    .replace(servers, () => (placed ? '' : ((placed = true), lines)))
    .replace(/^(\s*)listen 127\.0\.0\.1:\d+;$/m, `$1listen 127.0.0.1:${listenPort};`);
}

async function waitFor(what: string, ready: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await ready().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`${what} did not start`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const listening = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

export interface Nginx {
  url: string;
  dir: string;
  /** Requests whose path starts with `prefix`, counted by the instance port that answered them. */
  requestsByInstance(prefix: string): Record<number, number>;
  stop(): Promise<void>;
}

export async function startNginx(opts: { port: number; upstreams: number[]; dir: string }): Promise<Nginx> {
  fs.mkdirSync(opts.dir, { recursive: true });
  const conf = path.join(opts.dir, 'nginx.conf');
  fs.writeFileSync(conf, nginxConfig(fs.readFileSync(TEMPLATE, 'utf8'), opts.port, opts.upstreams));
  const child = spawn(NGINX_BIN, ['-p', opts.dir, '-e', 'stderr', '-c', conf], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let said = '';
  child.stderr.on('data', (chunk: Buffer) => (said += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await waitFor(`nginx on ${opts.port}`, async () => {
    if (child.exitCode !== null) throw new Error(`nginx exited with ${child.exitCode}: ${said}`);
    return listening(opts.port);
  });
  return {
    url: `http://127.0.0.1:${opts.port}`,
    dir: opts.dir,
    requestsByInstance(prefix) {
      const log = fs.readFileSync(path.join(opts.dir, 'access.log'), 'utf8');
      const counts: Record<number, number> = {};
      // `"POST /api/collect/... HTTP/1.1" 202 ... upstream=127.0.0.1:3101`, and after a retry on the
      // other instance `upstream=127.0.0.1:3101, 127.0.0.1:3102`: the last one answered.
      for (const m of log.matchAll(/"[A-Z]+ (\S+) [^"]*" .* upstream=(.*) upstream_status=/g)) {
        if (!m[1]!.startsWith(prefix)) continue;
        const port = Number(m[2]!.split(',').at(-1)!.trim().split(':').at(-1));
        counts[port] = (counts[port] ?? 0) + 1;
      }
      return counts;
    },
    // SIGQUIT: nginx's graceful stop (the workers finish what they serve, then exit).
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGQUIT');
      await exited;
    },
  };
}

export interface Instance extends ConsoleProcess {
  name: string;
  port: number;
}

export interface Instances {
  nginx: Nginx;
  instances: Instance[];
  /** The directory whose database (e2e/support/db.ts) they share: pass it to consoleRows and friends. */
  dataDir: string;
  databaseUrl: string;
  /** Starts instance `i` again (after kill or stop), under the same name and port. */
  restart(i: number): Promise<Instance>;
  stop(): Promise<void>;
}

/**
 * `ports.length` instances named `<prefix>-a`, `-b`… on those ports, each with a data directory of its
 * own under `dataDir` and all on the database of `dataDir`, with PUBLIC_URL the nginx on `nginxPort`
 * (so the collector's URL and the sandbox, where deliveries go, are reached through it).
 */
export async function startInstances(opts: {
  dataDir: string;
  ports: number[];
  nginxPort: number;
  env?: Record<string, string>;
}): Promise<Instances> {
  const databaseUrl = await ensureDatabaseFor(opts.dataDir);
  const nginx = await startNginx({
    port: opts.nginxPort,
    upstreams: opts.ports,
    dir: path.join(opts.dataDir, 'nginx'),
  });
  const start = async (i: number): Promise<Instance> => {
    const name = `e2e-${String.fromCharCode(97 + i)}`;
    const port = opts.ports[i]!;
    const process = await startConsole({
      port,
      dataDir: path.join(opts.dataDir, name),
      databaseUrl,
      env: {
        INSTANCE_NAME: name,
        PUBLIC_URL: nginx.url,
        TRUSTED_PROXIES: '127.0.0.1',
        ...opts.env,
      },
    });
    return Object.assign(process, { name, port });
  };
  const instances: Instance[] = [];
  try {
    // One after the other: the first applies the migrations, and two builds starting at once share two cores.
    for (let i = 0; i < opts.ports.length; i++) instances.push(await start(i));
  } catch (error) {
    await Promise.all(instances.map((s) => s.stop()));
    await nginx.stop();
    throw error;
  }
  return {
    nginx,
    instances,
    dataDir: opts.dataDir,
    databaseUrl,
    restart: async (i) => (instances[i] = await start(i)),
    stop: async () => {
      // stop() on one already killed or stopped only waits for the exit it saw.
      await Promise.all(instances.map((s) => s.stop()));
      await nginx.stop();
    },
  };
}
