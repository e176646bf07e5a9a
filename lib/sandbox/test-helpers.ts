// Shared setup for the sandbox's unit tests (api, auth, events, magic). Only *.test.ts files import
// this module, so it never reaches a production bundle.
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
