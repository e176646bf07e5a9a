import 'server-only';

import { deadline } from '@/lib/deadline';

import type { AllowHost } from './allow-hosts';
import {
  judgeTarget,
  pinnedRequest,
  systemResolve,
  TargetRefusedError,
  unreachable,
  type Resolver,
} from './target';

/**
 * POSTs a JSON body to a URL an admin typed (a notification webhook) under the same guard as the
 * snippet checker's fetch: the host is judged before connecting and the connection pinned to it.
 * Redirects are not followed (a webhook that moved must be entered again, and a redirect could point
 * inside the network). The answer's body is read up to a few KB, for the notification's record.
 */

export interface PostResult {
  status: number;
  /** The start of the answer, for a person reading why it failed. */
  body: string;
}

export type PostFailureCode = 'blocked' | 'dns' | 'timeout' | 'network';

export class PostFailure extends Error {
  constructor(
    readonly code: PostFailureCode,
    message: string,
  ) {
    super(message);
    this.name = 'PostFailure';
  }
}

export interface PostJsonOptions {
  headers?: Record<string, string>;
  allowHosts?: readonly AllowHost[];
  timeoutMs?: number;
  resolve?: Resolver;
}

const KEEP_BYTES = 2048;

export async function postJson(
  target: string,
  body: string,
  { headers = {}, allowHosts = [], timeoutMs = 10_000, resolve = systemResolve }: PostJsonOptions = {},
): Promise<PostResult> {
  const url = new URL(target);
  const limit = deadline(timeoutMs);
  try {
    const address = await judgeTarget(url, { allowHosts, resolve });
    const { request, options } = pinnedRequest(url, address);
    return await new Promise<PostResult>((done, reject) => {
      const req = request(
        {
          ...options,
          method: 'POST',
          signal: limit.signal,
          headers: {
            ...headers,
            'content-type': 'application/json',
            'content-length': String(Buffer.byteLength(body)),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          let kept = 0;
          res.on('data', (chunk: Buffer) => {
            if (kept < KEEP_BYTES) chunks.push(chunk.subarray(0, KEEP_BYTES - kept));
            kept += chunk.length;
          });
          res.on('end', () =>
            done({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
          );
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  } catch (err) {
    if (err instanceof TargetRefusedError) throw new PostFailure(err.code, `${url.hostname} ${err.detail}.`);
    if (limit.expired())
      throw new PostFailure('timeout', `${url.host} did not answer within ${timeoutMs / 1000} s.`);
    throw new PostFailure('network', unreachable(err, url));
  } finally {
    limit.clear();
  }
}
