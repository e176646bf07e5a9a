// Shared setup for the sandbox's unit tests (api, auth, events, magic). Only *.test.ts files import
// this module, so it never reaches a production bundle.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { decodeResponse } from '@/lib/salesmanago/decode';
import type { SalesmanagoRequest } from '@/lib/salesmanago/requests';
import { handleSandboxApi } from './api';
import type { MemorySandboxStore } from './memory-store';
import type { SandboxReply } from './reply';

/** The fixed clock every sandbox test signs and stores with. */
export const NOW = Date.UTC(2025, 5, 1, 12);
/** An event date a minute before NOW. */
export const DATE = NOW - 60_000;

/** Posts a signed request to the sandbox dispatcher, at its own path unless another is given. */
export const send = (store: MemorySandboxStore, req: SalesmanagoRequest, path = req.path) =>
  handleSandboxApi(path, JSON.stringify(req.body), store, NOW);

/** What the console would make of the answer, had it come over HTTP (Retry-After travels as a header). */
export const decode = (reply: SandboxReply) => {
  const retryAfter = reply.headers?.['Retry-After'];
  return decodeResponse({
    kind: 'response',
    httpStatus: reply.status,
    bodyText: reply.raw ?? JSON.stringify(reply.json),
    truncated: false,
    durationMs: 1,
    headers: retryAfter ? { retryAfter } : {},
  });
};

/** The reply's JSON body, for reading fields the tests assert on. */
export const json = (reply: SandboxReply) => reply.json as Record<string, unknown>;

export interface LoopbackSandbox {
  /** The base URL to store as an integration's endpoint. */
  endpoint: string;
  /** Every request the sandbox received, in order. */
  requests: Array<{ path: string; body: Record<string, unknown> }>;
  /** The most requests it held unanswered at one time. */
  maxOpen(): number;
  close(): Promise<void>;
}

/**
 * The sandbox rules served over real HTTP on loopback, for tests of the delivery code. A magic
 * contact's delay is capped at a second; `holdMs` holds every answer that much longer.
 */
export async function startLoopbackSandbox(
  store: MemorySandboxStore,
  opts: { holdMs?: number } = {},
): Promise<LoopbackSandbox> {
  const requests: LoopbackSandbox['requests'] = [];
  let open = 0;
  let maxOpen = 0;
  const server = http.createServer((req, res) => {
    maxOpen = Math.max(maxOpen, ++open);
    res.on('close', () => open--);
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const path = req.url ?? '';
      try {
        requests.push({ path, body: JSON.parse(body) as Record<string, unknown> });
      } catch {
        requests.push({ path, body: {} });
      }
      void handleSandboxApi(path, body, store).then((reply) =>
        setTimeout(
          () => {
            if (res.destroyed) return;
            res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
            res.end(reply.raw ?? JSON.stringify(reply.json));
          },
          Math.min(reply.delayMs ?? 0, 1000) + (opts.holdMs ?? 0),
        ),
      );
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    maxOpen: () => maxOpen,
    close: () => new Promise((r) => server.close(() => r())),
  };
}
