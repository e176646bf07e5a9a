import 'server-only';
import type http from 'node:http';
import type { Readable } from 'node:stream';
import zlib from 'node:zlib';

import { deadline } from '@/lib/deadline';

import { bareHostname, type AllowHost } from './allow-hosts';
import {
  judgeTarget,
  pinnedRequest,
  systemResolve,
  unreachable,
  TargetRefusedError,
  type ResolvedAddress,
  type Resolver,
} from './target';

/**
 * Fetches a page a user names (the snippet checker's "page URL" mode) without letting that user
 * reach what only the server can: every hop's host is resolved and judged BEFORE connecting, and the
 * connection is pinned to the judged address, so a second DNS answer (DNS rebinding) cannot swap
 * in 127.0.0.1. Global fetch cannot do this (it resolves again and follows redirects itself).
 */

export type SafeFetchErrorCode =
  | 'invalid-url'
  | 'blocked'
  | 'dns'
  | 'timeout'
  | 'too-large'
  | 'too-many-redirects'
  | 'http-status'
  | 'network';

/** A refusal or failure, worded for the person who typed the URL. */
export class SafeFetchError extends Error {
  constructor(
    readonly code: SafeFetchErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'SafeFetchError';
  }
}

export interface SafeFetchOptions {
  /** Hosts reachable even when they resolve to a non-public address (tests, staging). */
  allowHosts?: readonly AllowHost[];
  /** Largest body accepted, after decompression. */
  maxBytes?: number;
  /** For the whole exchange: DNS, every redirect and the body. */
  timeoutMs?: number;
  maxRedirects?: number;
  /** DNS; tests replace it so that no query leaves the machine. */
  resolve?: Resolver;
}

export interface SafeFetchResult {
  url: string;
  finalUrl: string;
  status: number;
  contentType: string | null;
  bytes: number;
  body: string;
}

export const SAFE_FETCH_DEFAULTS = { maxBytes: 2 * 1024 * 1024, timeoutMs: 8_000, maxRedirects: 5 };

const USER_AGENT = 'SALESmanago-Events-Console/1.0 (monitoring code checker)';

function parseTarget(input: string, redirectedFrom?: string): URL {
  const where = redirectedFrom ? `The page redirected to "${input}", which` : `"${input}"`;
  let url: URL;
  try {
    url = redirectedFrom ? new URL(input, redirectedFrom) : new URL(input.trim());
  } catch {
    throw new SafeFetchError(
      'invalid-url',
      redirectedFrom
        ? `${where} is not a valid address.`
        : 'Enter the full address of a page, starting with https:// (for example https://shop.example.com/).',
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new SafeFetchError(
      'invalid-url',
      `Only http:// and https:// pages can be checked; ${redirectedFrom ? `the page redirected to a ${url.protocol} address` : `this address starts with ${url.protocol}`}.`,
    );
  }
  if (url.username || url.password) {
    throw new SafeFetchError(
      'invalid-url',
      'Remove the user name and password from the address: the checker does not sign in to pages.',
    );
  }
  url.hash = '';
  return url;
}

function blocked(url: URL, hop: number, detail: string): SafeFetchError {
  const subject = hop > 0 ? `The page redirected to ${url.href}, and ${url.hostname}` : url.hostname;
  return new SafeFetchError(
    'blocked',
    `${subject} ${detail}. The checker only fetches pages on the public internet. For a page on a private network, open it in your browser, view its source and paste it into the "Paste code" tab.`,
  );
}

async function resolveTarget(
  url: URL,
  hop: number,
  opts: Required<SafeFetchOptions>,
): Promise<ResolvedAddress> {
  try {
    return await judgeTarget(url, opts);
  } catch (err) {
    if (!(err instanceof TargetRefusedError)) throw err;
    if (err.code === 'blocked') throw blocked(url, hop, err.detail);
    throw new SafeFetchError(
      'dns',
      `The address ${bareHostname(url)} could not be found. Check the spelling of the page address.`,
    );
  }
}

function send(url: URL, target: ResolvedAddress, signal: AbortSignal): Promise<http.IncomingMessage> {
  const { request, options } = pinnedRequest(url, target);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        ...options,
        method: 'GET',
        signal,
        headers: {
          'user-agent': USER_AGENT,
          accept: 'text/html,application/xhtml+xml;q=0.9,text/plain;q=0.8,*/*;q=0.5',
          'accept-encoding': 'gzip, deflate, br',
        },
      },
      resolve,
    );
    req.on('error', reject);
    req.end();
  });
}

function decoded(res: http.IncomingMessage): Readable {
  const encoding = String(res.headers['content-encoding'] ?? '')
    .trim()
    .toLowerCase();
  if (encoding === 'gzip' || encoding === 'x-gzip') return res.pipe(zlib.createGunzip());
  if (encoding === 'deflate') return res.pipe(zlib.createInflate());
  if (encoding === 'br') return res.pipe(zlib.createBrotliDecompress());
  return res;
}

function tooLarge(maxBytes: number): SafeFetchError {
  return new SafeFetchError(
    'too-large',
    `The page is larger than ${Math.round(maxBytes / 1024 / 1024)} MB, more than the checker reads. Paste the part of the page's source around </body> instead.`,
  );
}

async function readBody(res: http.IncomingMessage, maxBytes: number): Promise<Buffer> {
  const declared = Number(res.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) {
    res.destroy();
    throw tooLarge(maxBytes);
  }
  const chunks: Buffer[] = [];
  let total = 0;
  const stream = decoded(res);
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    total += chunk.length;
    if (total > maxBytes) {
      res.destroy();
      stream.destroy();
      throw tooLarge(maxBytes);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

function decodeText(body: Buffer, contentType: string | null): string {
  const charset = /charset\s*=\s*"?([\w.:-]+)/i.exec(contentType ?? '')?.[1];
  try {
    return new TextDecoder(charset ?? 'utf-8').decode(body);
  } catch {
    return new TextDecoder('utf-8').decode(body);
  }
}

function networkError(err: unknown, url: URL): SafeFetchError {
  if (err instanceof SafeFetchError) return err;
  return new SafeFetchError('network', unreachable(err, url));
}

/** GETs `input` under the rules above; throws SafeFetchError with a sentence for the user. */
export async function safeFetch(input: string, options: SafeFetchOptions = {}): Promise<SafeFetchResult> {
  const opts: Required<SafeFetchOptions> = {
    allowHosts: options.allowHosts ?? [],
    resolve: options.resolve ?? systemResolve,
    maxBytes: options.maxBytes ?? SAFE_FETCH_DEFAULTS.maxBytes,
    timeoutMs: options.timeoutMs ?? SAFE_FETCH_DEFAULTS.timeoutMs,
    maxRedirects: options.maxRedirects ?? SAFE_FETCH_DEFAULTS.maxRedirects,
  };
  const limit = deadline(opts.timeoutMs);
  const timeout = () =>
    new SafeFetchError(
      'timeout',
      `The page did not answer within ${Math.round(opts.timeoutMs / 1000)} seconds. Try again, or paste the page's source instead.`,
    );
  // DNS cannot be aborted; race it against the same deadline.
  const withDeadline = <T>(work: Promise<T>) =>
    Promise.race([
      work,
      new Promise<never>((_, reject) =>
        limit.signal.addEventListener('abort', () => reject(timeout()), { once: true }),
      ),
    ]);

  let url = parseTarget(input);
  try {
    for (let hop = 0; ; hop++) {
      const target = await withDeadline(resolveTarget(url, hop, opts));
      const res = await send(url, target, limit.signal);
      const status = res.statusCode ?? 0;
      const location = res.headers.location;
      if (status >= 300 && status < 400 && location) {
        res.resume();
        if (hop >= opts.maxRedirects) {
          throw new SafeFetchError(
            'too-many-redirects',
            `The page redirected more than ${opts.maxRedirects} times. Enter the address the page finally opens at.`,
          );
        }
        url = parseTarget(location, url.href);
        continue;
      }
      if (status < 200 || status >= 300) {
        res.resume();
        throw new SafeFetchError(
          'http-status',
          `${url.href} answered HTTP ${status} instead of the page. Check the address, and that the page is public (not behind a login).`,
        );
      }
      const body = await readBody(res, opts.maxBytes);
      const contentType = res.headers['content-type'] ?? null;
      return {
        url: parseTarget(input).href,
        finalUrl: url.href,
        status,
        contentType,
        bytes: body.length,
        body: decodeText(body, contentType),
      };
    }
  } catch (err) {
    if (limit.expired()) throw timeout();
    throw networkError(err, url);
  } finally {
    limit.clear();
  }
}
