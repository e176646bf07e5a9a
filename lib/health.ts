import type http from 'node:http';

/**
 * /readyz for load balancers (issue 18): whether this instance should get requests, where /healthz only
 * says the process is alive. What is checked is lib/data/readiness.ts's; this answers with it.
 */
export type Readiness = { ready: true } | { ready: false; reason: string };

/** Answers GET /readyz: 200 `ready`, or 503 `not ready: <reason>` on one line; never 500. */
export async function serveReadiness(
  res: http.ServerResponse,
  check: () => Promise<Readiness>,
): Promise<void> {
  let readiness: Readiness;
  try {
    readiness = await check();
  } catch {
    readiness = { ready: false, reason: 'the readiness check failed' };
  }
  res
    .writeHead(readiness.ready ? 200 : 503, {
      'content-type': 'text/plain; charset=utf-8',
      'cache-control': 'no-store',
    })
    .end(readiness.ready ? 'ready' : `not ready: ${readiness.reason}`);
}
