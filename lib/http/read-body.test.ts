import http, { type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';

import { closeWhenBodyUnread, readCapped, readStreamCapped } from './read-body';

/** A request-like stream with the given headers; `chunks` are written and the stream ended. */
function request(chunks: string[], headers: Record<string, string> = {}): IncomingMessage {
  const stream = Object.assign(new PassThrough(), { headers }) as unknown as IncomingMessage;
  queueMicrotask(() => {
    for (const c of chunks) (stream as unknown as PassThrough).write(c);
    (stream as unknown as PassThrough).end();
  });
  return stream;
}

describe('readCapped', () => {
  it('reads a body up to the limit, across chunks and multi-byte characters', async () => {
    await expect(readCapped(request(['{"a":', '"zażółć"}']), 100)).resolves.toEqual({
      body: '{"a":"zażółć"}',
      tooLarge: false,
    });
  });

  it('refuses a body that grows past the limit, without keeping it', async () => {
    await expect(readCapped(request(['x'.repeat(60), 'y'.repeat(60)]), 100)).resolves.toEqual({
      body: '',
      tooLarge: true,
    });
  });

  it('refuses at once when the declared length is over the limit', async () => {
    const req = request(['small'], { 'content-length': '5000' });
    await expect(readCapped(req, 100)).resolves.toEqual({ body: '', tooLarge: true });
  });
});

const MB = 1024 * 1024;

/** A body that would produce `total` bytes lazily, 64 KB per pull, counting what was actually pulled. */
function lazyWebBody(total: number) {
  let produced = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (produced >= total) return controller.close();
      const chunk = new Uint8Array(64 * 1024).fill(120);
      produced += chunk.length;
      controller.enqueue(chunk);
    },
  });
  return { stream, produced: () => produced };
}

describe('readCapped on a chunked body (no Content-Length)', () => {
  it('stops reading at the limit instead of consuming a 200 MB body', async () => {
    let produced = 0;
    const source = new Readable({
      read() {
        if (produced >= 200 * MB) return void this.push(null);
        produced += 64 * 1024;
        this.push(Buffer.alloc(64 * 1024, 'x'));
      },
    });
    const req = Object.assign(source, { headers: {} }) as unknown as IncomingMessage;
    await expect(readCapped(req, 8 * 1024)).resolves.toEqual({ body: '', tooLarge: true });
    await new Promise((r) => setTimeout(r, 50));
    expect(produced).toBeLessThan(MB);
  });
});

describe('readStreamCapped', () => {
  it('reads a whole body within the limit', async () => {
    const { stream } = lazyWebBody(128 * 1024);
    const { bytes, tooLarge } = await readStreamCapped(stream, 256 * 1024);
    expect(tooLarge).toBe(false);
    expect(bytes.length).toBe(128 * 1024);
  });

  it('stops at the first chunk past the limit of a 200 MB body, leaving the rest unread', async () => {
    const body = lazyWebBody(200 * MB);
    const { bytes, tooLarge } = await readStreamCapped(body.stream, 8 * 1024);
    expect(tooLarge).toBe(true);
    expect(bytes.length).toBe(0);
    // The stream may pull ahead by its queue's size, never more.
    expect(body.produced()).toBeLessThanOrEqual(256 * 1024);
    // It is not cancelled (Next would destroy the socket before the 413 is written); the lock is released.
    expect(body.stream.locked).toBe(false);
  });

  it('treats a missing body as empty', async () => {
    await expect(readStreamCapped(null, 10)).resolves.toEqual({ bytes: new Uint8Array(0), tooLarge: false });
  });
});

describe('closeWhenBodyUnread', () => {
  /** A server that answers at once without reading the body, as a refusing route does. */
  async function refusingServer() {
    const server = http.createServer((req, res) => {
      closeWhenBodyUnread(req, res);
      res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":{}}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return { server, port: (server.address() as AddressInfo).port };
  }

  it('drains a small unread body, so the connection carries the next request', async () => {
    const { server, port } = await refusingServer();
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const post = () =>
      new Promise<{ status: number; reused: boolean }>((resolve, reject) => {
        const req = http.request({ port, host: '127.0.0.1', method: 'POST', agent }, (res) => {
          res.resume();
          res.on('end', () => resolve({ status: res.statusCode!, reused: req.reusedSocket }));
        });
        req.on('error', reject);
        req.end('{"email":"a@example.com"}');
      });
    expect(await post()).toEqual({ status: 401, reused: false });
    expect(await post()).toEqual({ status: 401, reused: true });
    agent.destroy();
    server.close();
  });

  it('cuts the connection instead of reading a 200 MB body to its end', async () => {
    const { server, port } = await refusingServer();
    let sent = 0;
    const started = Date.now();
    const closed = await new Promise<number>((resolve) => {
      const req = http.request({
        port,
        host: '127.0.0.1',
        method: 'POST',
        headers: { 'transfer-encoding': 'chunked' },
      });
      const chunk = Buffer.alloc(64 * 1024);
      const pump = () => {
        while (sent < 200 * MB) {
          sent += chunk.length;
          if (!req.write(chunk)) return void req.once('drain', pump);
        }
        req.end();
      };
      req.on('response', (res) => res.resume());
      req.on('error', () => resolve(sent));
      req.on('close', () => resolve(sent));
      pump();
    });
    expect(closed).toBeLessThan(20 * MB);
    expect(Date.now() - started).toBeLessThan(1000); // the 1 MB cap cut it, not the 2 s timer
    server.close();
  });
});
