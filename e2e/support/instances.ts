import path from 'node:path';

import { startNginx, type Nginx } from '../../scripts/nginx.cjs';
import { ensureDatabaseFor } from './db';
import { startConsole, type ConsoleProcess } from './server-process';

/**
 * Several console instances on one PostgreSQL database behind nginx on loopback (issue 18); nginx runs
 * from docs/nginx.conf itself, its ports replaced (scripts/nginx.cjs).
 */

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
 * `ports.length` instances named `e2e-a`, `e2e-b`… on those ports, each with a data directory of its
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
