import 'server-only';
import type { IncomingMessage, ServerResponse } from 'node:http';

import { config } from '@/lib/config';
import {
  countCollectorRefusal,
  findCollectorIntegration,
  insertCollectedDelivery,
  type CollectorIntegration,
} from '@/lib/data/collector';
import { noteForegroundRequest } from '@/lib/delivery/foreground';
import { wakeWorker } from '@/lib/delivery/worker';
import { readCapped } from '@/lib/http/read-body';
import { logError } from '@/lib/log';
import {
  COLLECTOR_MAX_BODY_BYTES,
  createCollectorLimiters,
  handleCollect,
  refusalCause,
  type CollectorLimiters,
} from './handle';

export const COLLECT_PREFIX = '/api/collect/';

// Made on the first request, not at import: the configuration is read (and checked) when the server starts.
let limiters: CollectorLimiters | undefined;
function collectorLimiters(): CollectorLimiters {
  const cfg = config();
  limiters ??= createCollectorLimiters({
    perOriginPerMinute: cfg.collectorOriginPerMinute,
    perIpPerMinute: cfg.collectorIpPerMinute,
  });
  return limiters;
}

/**
 * The public collector on plain node:http (house-style.md: every shop page calls it, so it skips
 * Next's routing). The decision is lib/collector/handle.ts; this adapter only reads and writes HTTP.
 */
export async function serveCollect(
  req: IncomingMessage,
  res: ServerResponse,
  clientIp: string,
): Promise<void> {
  noteForegroundRequest();
  try {
    const url = req.url ?? '';
    const key = decodeURIComponent(url.slice(COLLECT_PREFIX.length).split(/[?#/]/)[0] ?? '');
    const { body, tooLarge } =
      req.method === 'POST' ? await readCapped(req, COLLECTOR_MAX_BODY_BYTES) : { body: '', tooLarge: false };
    // The rest of a refused body is not read (lib/http/read-body.ts): this connection ends with the answer.
    if (tooLarge) res.setHeader('connection', 'close');
    // Looked up before the decision (handleCollect is synchronous and pure): one read per request, as before.
    const integration: CollectorIntegration | undefined = await findCollectorIntegration(key);
    const now = Date.now();
    const result = handleCollect(
      {
        collectorKey: key,
        method: req.method ?? 'GET',
        origin: req.headers.origin ?? null,
        contentType: req.headers['content-type'] ?? null,
        ip: clientIp,
        userAgent: req.headers['user-agent'] ?? null,
        referer: req.headers.referer ?? null,
        body,
        bodyTooLarge: tooLarge,
        now,
        accessControlRequestMethod:
          (req.headers['access-control-request-method'] as string | undefined) ?? null,
        accessControlRequestHeaders:
          (req.headers['access-control-request-headers'] as string | undefined) ?? null,
      },
      {
        findIntegration: () => integration,
        limiters: collectorLimiters(),
      },
    );
    if (result.kind === 'accepted' && integration) {
      await insertCollectedDelivery(result.delivery, integration, now);
      wakeWorker();
    }
    const cause = result.kind === 'refused' ? refusalCause(result.body.error.code) : null;
    // Counted, not stored: a flood of refusals costs one counter row per hour and cause.
    if (cause && integration) countCollectorRefusal(integration.id, cause, now);
    res.writeHead(result.status, result.headers);
    res.end(result.body === null ? undefined : JSON.stringify(result.body));
  } catch (err) {
    logError('collector', err);
    if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json; charset=utf-8' });
    res.end(
      JSON.stringify({
        error: { code: 'internal_error', message: 'The event could not be stored. Try again.' },
      }),
    );
  }
}
