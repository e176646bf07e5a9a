import type { IncomingMessage } from 'node:http';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';

import { readCapped } from './read-body';

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
