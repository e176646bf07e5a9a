import type { IncomingMessage, ServerResponse } from 'node:http';

/*
 * Every request body the console reads goes through here, with a byte limit that holds whatever the
 * framing: a chunked body (no Content-Length) is counted as it arrives, and reading stops at the first
 * chunk past the limit. What is left is not read: the caller answers 413 with `Connection: close`, and
 * the server closes the connection once the answer is out (`closeWhenBodyUnread`), so a 200 MB upload
 * costs one chunk of memory and no time.
 */

/** Tells the client that this connection ends with the answer (the rest of its body is not read). */
export const CLOSE_CONNECTION = { connection: 'close' } as const;

/** node:http (the collector, the sandbox's API): reads at most `max` bytes, then stops. */
export function readCapped(req: IncomingMessage, max: number): Promise<{ body: string; tooLarge: boolean }> {
  return new Promise((resolve, reject) => {
    const refuse = () => {
      req.pause();
      resolve({ body: '', tooLarge: true });
    };
    if (Number(req.headers['content-length'] ?? 0) > max) {
      refuse();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > max) {
        req.off('data', onData);
        refuse();
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.on('end', () => resolve({ body: Buffer.concat(chunks).toString('utf8'), tooLarge: false }));
    req.on('error', reject);
  });
}

/**
 * A route handler's body (`req.body`, a web stream): reads chunk by chunk and stops past `max`. It does
 * not cancel the stream: in Next, cancelling destroys the socket before the 413 can be written. Next's
 * stream pulls from the socket only when read, so an unread rest stays in the kernel's buffers.
 */
export async function readStreamCapped(
  body: ReadableStream<Uint8Array> | null,
  max: number,
): Promise<{ bytes: Uint8Array; tooLarge: boolean }> {
  if (!body) return { bytes: new Uint8Array(0), tooLarge: false };
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.length;
      if (size > max) return { bytes: new Uint8Array(0), tooLarge: true };
      chunks.push(value);
    }
  } finally {
    reader.releaseLock();
  }
  return { bytes: Buffer.concat(chunks), tooLarge: false };
}

/** What is read and dropped of a body still arriving after the answer, before the connection is cut. */
const LINGER_BYTES = 1024 * 1024;
const LINGER_MS = 2000;

/**
 * The server's side of the rule above, for every request: once the answer is sent, a body that is still
 * arriving (refused as too large, or never read because the request was refused first) is read and
 * dropped only up to 1 MB or 2 s, then the connection is cut. Node alone would drop a 200 MB body to the
 * end (seconds of CPU), or wait forever for a body a route stopped reading. A small rest (a refused
 * sign-in's JSON) is still drained, so the connection stays usable and the client, which may not have
 * read the answer yet, gets no reset. A 413 says `Connection: close`, so Node closes that one at once.
 */
export function closeWhenBodyUnread(req: IncomingMessage, res: ServerResponse): void {
  res.once('finish', () => {
    const socket = req.socket;
    if (req.complete || socket.destroyed) return;
    // Node's parser drops an unread body natively, where no 'data' event shows it: watch the byte count.
    const start = socket.bytesRead;
    const startedAt = Date.now();
    const watch = setInterval(() => {
      if (socket.bytesRead - start > LINGER_BYTES || Date.now() - startedAt > LINGER_MS) socket.destroy();
    }, 20).unref();
    const done = () => clearInterval(watch);
    req.once('end', done);
    req.once('close', done);
    socket.once('close', done);
    // A route's reader (Next's request stream) may still hold the body through 'readable'; let it flow.
    req.removeAllListeners('readable');
    req.resume();
  });
}
