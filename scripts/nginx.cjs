// nginx in front of console instances on loopback (issue 18), from docs/nginx.conf itself with its ports
// replaced, so the README's example is the one the end-to-end test (e2e/support/instances.ts) and the
// scale benchmark (scripts/bench/instances.mjs) run. It runs in the foreground from a directory of its
// own (pid, logs, temporary files under -p): never the system's nginx or its configuration.
//
// CommonJS: Playwright's loader compiles what the end-to-end suite imports to CommonJS, which breaks an ES
// module; a benchmark's ES module imports this one just as well.
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');

const NGINX_BIN = process.env.NGINX_BIN ?? '/usr/sbin/nginx';
const TEMPLATE = path.join(__dirname, '..', 'docs', 'nginx.conf');

const SERVERS = /^(\s*)server 127\.0\.0\.1:\d+( [^;]*)?;\n/gm;
const LISTEN = /^(\s*)listen 127\.0\.0\.1:\d+;$/m;

/** docs/nginx.conf with its listen port and upstream servers replaced (every other line as written). */
function nginxConfig(template, listenPort, upstreamPorts) {
  const [first] = [...template.matchAll(SERVERS)];
  if (!first || !LISTEN.test(template))
    throw new Error(
      'docs/nginx.conf no longer has the `listen 127.0.0.1:<port>;` and `server 127.0.0.1:<port> …;` lines replaced here.',
    );
  const lines = upstreamPorts
    .map((port) => `${first[1]}server 127.0.0.1:${port}${first[2] ?? ''};\n`)
    .join('');
  let placed = false;
  return template
    .replace(SERVERS, () => (placed ? '' : ((placed = true), lines)))
    .replace(LISTEN, `$1listen 127.0.0.1:${listenPort};`);
}

function listening(port) {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * Requests in an access log (docs/nginx.conf's `upstream` format) whose path starts with `prefix`,
 * counted by the port of the instance that answered: after a retry on another instance
 * (`upstream=127.0.0.1:3101, 127.0.0.1:3102`) the last one.
 */
function requestsByInstance(log, prefix) {
  const counts = {};
  for (const m of log.matchAll(/"[A-Z]+ (\S+) [^"]*" .* upstream=(.*) upstream_status=/g)) {
    if (!m[1].startsWith(prefix)) continue;
    const port = Number(m[2].split(',').at(-1).trim().split(':').at(-1));
    counts[port] = (counts[port] ?? 0) + 1;
  }
  return counts;
}

/** Starts nginx on `port` in front of `upstreams` (ports on 127.0.0.1), from the directory `dir`. */
async function startNginx({ port, upstreams, dir }) {
  fs.mkdirSync(dir, { recursive: true });
  const conf = path.join(dir, 'nginx.conf');
  fs.writeFileSync(conf, nginxConfig(fs.readFileSync(TEMPLATE, 'utf8'), port, upstreams));
  const child = spawn(NGINX_BIN, ['-p', dir, '-e', 'stderr', '-c', conf], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let said = '';
  child.stderr.on('data', (chunk) => (said += chunk.toString()));
  const exited = new Promise((resolve) => child.once('exit', () => resolve()));
  const failed = new Promise((resolve) => child.once('error', resolve));
  const deadline = Date.now() + 10_000;
  while (!(await listening(port))) {
    const error = await Promise.race([failed, new Promise((r) => setTimeout(() => r(undefined), 100))]);
    if (error || child.exitCode !== null)
      throw new Error(`nginx did not start (${error?.message ?? `exit ${child.exitCode}`}): ${said.trim()}`);
    if (Date.now() > deadline) throw new Error(`nginx did not listen on ${port}: ${said.trim()}`);
  }
  return {
    url: `http://127.0.0.1:${port}`,
    dir,
    requestsByInstance: (prefix) =>
      requestsByInstance(fs.readFileSync(path.join(dir, 'access.log'), 'utf8'), prefix),
    // SIGQUIT: nginx's graceful stop (the workers finish what they serve, then exit).
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGQUIT');
      await exited;
    },
  };
}

module.exports = { NGINX_BIN, nginxConfig, requestsByInstance, startNginx };
