import 'server-only';
import type { IncomingMessage, ServerResponse } from 'node:http';

import { readCapped } from '@/lib/http/read-body';
import { logError } from '@/lib/log';
import { handleSandboxApi } from './api';
import type { SandboxReply } from './reply';
import type { SandboxStore } from './store';

export const SANDBOX_API_PREFIX = '/sandbox/api/';

/** Far above a full batch (1000 events of a few KB each); SALESmanago refuses bigger requests too. */
export const SANDBOX_MAX_BODY_BYTES = 16 * 1024 * 1024;

const JSON_TYPE = 'application/json;charset=UTF-8';

/**
 * The sandbox's API on plain node:http, beside the collector (architecture.md). The worker's batches
 * are answered as soon as each is stored: behind Next's routing, answers to concurrent batches waited
 * for one another and went out together, and the worker idled in between. The answers themselves are
 * lib/sandbox/api.ts; this adapter only reads and writes HTTP, like a real SALESmanago endpoint. The
 * store comes from the caller (server.ts passes lib/data's database one), so lib/sandbox never imports lib/data.
 */
export async function serveSandbox(
  req: IncomingMessage,
  res: ServerResponse,
  store: SandboxStore,
): Promise<void> {
  try {
    const path = '/api/' + (req.url ?? '').slice(SANDBOX_API_PREFIX.length).split(/[?#]/)[0];
    if (req.method !== 'POST') {
      send(res, { status: 405, json: { success: false, message: ['Use POST'] }, headers: { allow: 'POST' } });
      return;
    }
    const { body, tooLarge } = await readCapped(req, SANDBOX_MAX_BODY_BYTES);
    // The rest of a refused body is not read (lib/http/read-body.ts): this connection ends with the answer.
    if (tooLarge) res.setHeader('connection', 'close');
    const reply = tooLarge
      ? { status: 413, json: { success: false, message: ['Request body is too large'] } }
      : await handleSandboxApi(path, body, store);
    if (reply.delayMs) await new Promise((resolve) => setTimeout(resolve, reply.delayMs));
    send(res, reply);
  } catch (err) {
    logError('sandbox', err);
    if (!res.headersSent) send(res, { status: 500, json: { success: false, message: ['Sandbox error'] } });
    else res.end();
  }
}

function send(res: ServerResponse, reply: SandboxReply): void {
  if (res.destroyed) return; // the caller gave up (its timeout), nothing to answer
  res.writeHead(reply.status, {
    'content-type': JSON_TYPE,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    ...reply.headers,
  });
  res.end(reply.raw ?? JSON.stringify(reply.json));
}
