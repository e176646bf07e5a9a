/**
 * The HTTP listener (house-style.md, "Why a custom server"). It prepares the database, serves the
 * public collector and the sandbox's API itself, starts the delivery thread once it listens, and hands
 * every other request to Next. Logic lives in lib/.
 */
import http from 'node:http';
import next from 'next';
import path from 'node:path';

import { routeWakeUpsToOtherInstances, startDeliveryThread } from '@/lib/delivery/thread-host';
import { CLIENT_IP_HEADER, clientAddress, trustedProxyList } from '@/lib/api/client-ip';
import { COLLECT_PREFIX, serveCollect } from '@/lib/collector/http';
import { afterListen, bootstrap } from '@/lib/bootstrap';
import { closeDatabase } from '@/lib/data/connection';
import { checkReadiness } from '@/lib/data/readiness';
import '@/lib/jobs/kinds';
import { startJobs } from '@/lib/jobs/runner';
import type { Schedule } from '@/lib/jobs/schedule';
import { startTimers } from '@/lib/jobs/timers';
import { config } from '@/lib/config';
import { closeWhenBodyUnread } from '@/lib/http/read-body';
import { hasMalformedPath, isApiPath, MALFORMED_API_PATH, NOT_FOUND_PATH } from '@/lib/http/malformed-path';
import { serveReadiness } from '@/lib/health';
import { logError, logInfo } from '@/lib/log';
import { teeOutputTo } from '@/lib/log-file';
import { REQUEST_PATH_HEADER } from '@/lib/request-path';
import { sandboxStore } from '@/lib/data/sandbox';
import { SANDBOX_API_PREFIX, serveSandbox } from '@/lib/sandbox/http';
import { newNonce, securityHeaders } from '@/lib/security-headers';
import { drainAfterStart, drainAndExit, drainWith, isDraining } from '@/lib/shutdown';

async function main(): Promise<void> {
  // First: a wrong variable stops the start here, with a sentence naming it (lib/config.ts).
  const cfg = config();
  if (cfg.logFile) teeOutputTo(cfg.logFile);
  const dev = process.argv.includes('--dev');
  const hostname = cfg.host;

  // The listener exists from the start, so that a signal during it (migrations, preparing Next) finds
  // everything to drain; it gets its requests once Next is prepared, and listens last.
  const server = http.createServer();
  // The worker starts once the server listens: on its own thread it would otherwise race the listener
  // and find the sandbox (served here) refusing connections. DELIVERY_WORKER=off queues without
  // sending (maintenance, and the delivery benchmark's set-up).
  let worker: { stop: () => Promise<void> } = { stop: async () => undefined };
  let timers: Schedule | undefined;
  // SIGTERM (a deploy, a scale-down) and SIGINT drain this instance, then exit 0 (lib/shutdown.ts), also
  // during the start: the drain waits for the step under way, and the start takes no further step.
  drainWith({
    server,
    stopDelivery: () => worker.stop(),
    stopTimers: async () => {
      timers?.stop();
      await timers?.settled();
    },
    closeDatabase,
  });
  process.on('SIGTERM', () => void drainAndExit('SIGTERM'));
  process.on('SIGINT', () => void drainAndExit('SIGINT'));

  await bootstrap();
  if (isDraining()) return;

  const app = next({ dev, dir: process.cwd(), hostname, port: cfg.port });
  const handle = app.getRequestHandler();
  await app.prepare();
  if (isDraining()) return;

  // Behind a load balancer every socket is the balancer's: TRUSTED_PROXIES names it, and only its
  // X-Forwarded-For then says who is asking (lib/api/client-ip.ts).
  const trustedProxies = trustedProxyList(cfg.trustedProxies);
  server.on('request', (req, res) => {
    // Headers our own code trusts are set here from the socket (and trusted proxies), never taken from the client.
    const ip = clientAddress(req.socket.remoteAddress, req.headers['x-forwarded-for'], trustedProxies);
    req.headers[CLIENT_IP_HEADER] = ip;
    req.headers[REQUEST_PATH_HEADER] = req.url ?? '/';
    closeWhenBodyUnread(req, res);
    // While draining, no connection is kept for another request: the listener is closing (lib/shutdown.ts).
    if (isDraining()) res.setHeader('connection', 'close');
    if (hasMalformedPath(req.url ?? '/')) {
      if (isApiPath(req.url ?? '/')) {
        res.writeHead(MALFORMED_API_PATH.status, MALFORMED_API_PATH.headers).end(MALFORMED_API_PATH.body);
        return;
      }
      // Pages: Next renders its 404 for a path that names nothing.
      req.url = NOT_FOUND_PATH;
      req.headers[REQUEST_PATH_HEADER] = '/';
    }
    if (req.url?.startsWith(COLLECT_PREFIX)) {
      void serveCollect(req, res, ip);
      return;
    }
    if (req.url?.startsWith(SANDBOX_API_PREFIX)) {
      void serveSandbox(req, res, sandboxStore);
      return;
    }
    if (req.url === '/healthz') {
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      return;
    }
    if (req.url === '/readyz') {
      void serveReadiness(res, checkReadiness);
      return;
    }
    // Next reads the nonce from the request's policy and puts it on its scripts; the browser gets the same policy.
    const headers = securityHeaders(newNonce(), { dev, https: cfg.publicUrl.startsWith('https://') });
    req.headers['content-security-policy'] = headers['Content-Security-Policy'];
    for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
    handle(req, res).catch((err: unknown) => {
      logError(`${req.method} ${req.url?.split('?')[0]}`, err);
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('Internal error');
    });
  });

  // Jobs nobody holds (a restart interrupted them, or their instance died) run here, and are looked for
  // every few seconds from now on; at shutdown they are handed over (lib/jobs/runner.ts).
  await startJobs();
  if (isDraining()) return;

  server.listen(cfg.port, hostname, () => {
    // A signal during the start began draining: nothing is started for it to cut short.
    if (isDraining()) return;
    if (cfg.deliveryWorker) worker = startDeliveryThread(path.join(__dirname, 'delivery-thread.cjs'));
    else routeWakeUpsToOtherInstances();
    // Housekeeping, incident and credential checks, notifications (lib/jobs/timers.ts): their last runs are in
    // the database, so restarts keep the pace. After listening: the credential checks reach the sandbox here.
    timers = startTimers();
    logInfo(
      `SALESmanago External Events Console ready on ${cfg.publicUrl} (${dev ? 'development' : 'production'}, instance ${cfg.instanceName})`,
    );
    void afterListen();
  });
}

const start = main();
// A drain begun during the start waits for it to stop at its next step (lib/shutdown.ts).
drainAfterStart(start);
start.catch((err: unknown) => {
  logError('startup', err);
  process.exit(1);
});
