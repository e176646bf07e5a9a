// A throwaway PostgreSQL cluster for tests (issue 17): `initdb` into a fresh temporary directory, `pg_ctl
// start` on a free loopback port with the socket in that directory, a postgres:// URL back, and at the end
// `pg_ctl stop -m fast` and the directory deleted, also when the process exits or gets SIGINT/SIGTERM:
// nothing is left running. The unit tests start one per run (scripts/vitest-pg-setup.mjs); by hand,
// `node scripts/pg-cluster.mjs` prints a URL and keeps the cluster until Ctrl-C.
//
// `pause()` and `resume()` stop the server and start it again, keeping its data, port and password.
//
// Speed over durability (fsync, synchronous_commit and full_page_writes off): the cluster lives for one
// test run and is deleted after it, so a crash can only lose data nobody will read again; what the tests
// check (SQL, constraints, triggers, locks) behaves the same either way.
import { execFileSync, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const MIN_VERSION = 15;
const SUPERUSER = 'console';
export const MISSING_SENTENCE =
  `PostgreSQL ${MIN_VERSION} or newer is not installed (no /usr/lib/postgresql/<version>/bin, and pg_config ` +
  `--bindir names none): install Debian's package with 'apt-get install postgresql' (.ci/run does).`;

/** The major version a bin directory's `postgres --version` prints, or 0 when it cannot say. */
function majorVersion(bindir) {
  const postgres = path.join(bindir, 'postgres');
  if (!fs.existsSync(postgres) || !fs.existsSync(path.join(bindir, 'initdb'))) return 0;
  const out = spawnSync(postgres, ['--version'], { encoding: 'utf8' }).stdout ?? '';
  return Number(/(\d+)(?:\.\d+)?/.exec(out)?.[1] ?? 0);
}

/**
 * The newest /usr/lib/postgresql/<v>/bin with v ≥ 15, else `pg_config --bindir` if it is new enough.
 * (`root` and `pgConfig` are for the test that checks what is said when there is none.)
 */
export function findPgBin({ root = '/usr/lib/postgresql', pgConfig = 'pg_config' } = {}) {
  const versions = fs.existsSync(root)
    ? fs
        .readdirSync(root)
        .map(Number)
        .filter((v) => v >= MIN_VERSION)
        .sort((a, b) => b - a)
    : [];
  for (const v of versions) {
    const bindir = path.join(root, String(v), 'bin');
    if (majorVersion(bindir) >= MIN_VERSION) return bindir;
  }
  const fromConfig = spawnSync(pgConfig, ['--bindir'], { encoding: 'utf8' });
  const bindir = fromConfig.status === 0 ? fromConfig.stdout.trim() : '';
  if (bindir && majorVersion(bindir) >= MIN_VERSION) return bindir;
  throw new Error(MISSING_SENTENCE);
}

/** A port nobody listens on now (the kernel's pick); pg_ctl's start fails if another process takes it first. */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * initdb refuses to run as root: as root, every PostgreSQL program runs as the `postgres` system user
 * (Debian's package creates it), which is then given the directory; otherwise as the current user.
 */
function runner(dir) {
  if (process.getuid?.() !== 0) return (bin, args) => execFileSync(bin, args, { stdio: 'pipe' });
  const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
  fs.chownSync(dir, uid, gid);
  return (bin, args) => execFileSync('runuser', ['-u', 'postgres', '--', bin, ...args], { stdio: 'pipe' });
}

/** What a failed child process said, in one message. */
function failure(step, error) {
  const said = `${error.stderr ?? ''}${error.stdout ?? ''}`.trim();
  return new Error(`PostgreSQL test cluster: ${step} failed${said ? `: ${said}` : ` (${error.message})`}`);
}

/**
 * Starts a cluster and returns `{ url, dir, stop }`. `stop()` (idempotent) stops the server and deletes
 * the directory; it also runs by itself when the process exits or is interrupted.
 */
export async function startCluster(where = {}) {
  const bin = findPgBin(where);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'console-pg-'));
  const data = path.join(dir, 'data');
  const run = runner(dir);
  const password = crypto.randomBytes(18).toString('base64url');
  const pwfile = path.join(dir, 'pwfile');
  fs.writeFileSync(pwfile, password, { mode: 0o644 });

  let stopped = false;
  let started = false;
  const stopSync = () => {
    if (stopped) return;
    stopped = true;
    process.off('exit', stopSync);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    if (started) {
      try {
        run(path.join(bin, 'pg_ctl'), ['stop', '-D', data, '-m', 'fast', '-w']);
      } catch {
        // Already gone (stopped by hand, or never fully up): the directory still goes.
      }
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
  // A signal stops the cluster, then ends the process as the signal would have.
  function onSignal(signal) {
    stopSync();
    process.kill(process.pid, signal);
  }
  process.on('exit', stopSync);
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  try {
    try {
      run(path.join(bin, 'initdb'), [
        '-D', data, '-U', SUPERUSER, '--pwfile', pwfile, '--auth=scram-sha-256',
        '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync', '--no-instructions',
      ]); // prettier-ignore
    } catch (error) {
      throw failure('initdb', error);
    }
    fs.rmSync(pwfile);
    // A port can be taken between the pick and the start: try a few.
    for (let tries = 1; ; tries++) {
      const port = await freePort();
      const options = [
        `-p ${port}`, '-c listen_addresses=127.0.0.1', `-k ${dir}`,
        '-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off',
      ].join(' '); // prettier-ignore
      try {
        run(path.join(bin, 'pg_ctl'), [
          'start',
          '-D',
          data,
          '-w',
          '-t',
          '30',
          '-l',
          path.join(dir, 'log'),
          '-o',
          options,
        ]);
        started = true;
        const url = `postgres://${SUPERUSER}:${password}@127.0.0.1:${port}/postgres`;
        const pgCtl = (...args) => run(path.join(bin, 'pg_ctl'), ['-D', data, '-w', ...args]);
        return {
          url,
          dir,
          stop: async () => stopSync(),
          // The server stopped and started again on the same port and data: for tests of a database that
          // goes away for a while (the console's /readyz).
          pause: async () => pgCtl('stop', '-m', 'fast'),
          resume: async () => pgCtl('start', '-t', '30', '-l', path.join(dir, 'log'), '-o', options),
        };
      } catch (error) {
        started = true; // stop it if it came up after all
        if (tries >= 3) {
          const log = fs.existsSync(path.join(dir, 'log'))
            ? fs.readFileSync(path.join(dir, 'log'), 'utf8')
            : '';
          throw failure('pg_ctl start', { ...error, stderr: `${error.stderr ?? ''}${log}` });
        }
        try {
          run(path.join(bin, 'pg_ctl'), ['stop', '-D', data, '-m', 'immediate', '-w']);
        } catch {
          // not running: the next port is tried
        }
        started = false;
      }
    }
  } catch (error) {
    stopSync();
    throw error;
  }
}

// `node scripts/pg-cluster.mjs`: a cluster for trying things by hand, until Ctrl-C.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { url, dir } = await startCluster();
  console.log(url);
  console.log(`Ctrl-C stops the cluster and deletes ${dir}.`);
  setInterval(() => {}, 1 << 30);
}
