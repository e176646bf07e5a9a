import { describe, expect, it } from 'vitest';

import { errorResponse, idParam, readJson } from './respond';

const MB = 1024 * 1024;

/** A POST whose body would be `total` bytes, produced lazily and sent chunked (no Content-Length). */
function chunkedRequest(total: number, contentType = 'application/json') {
  let produced = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (produced >= total) return controller.close();
      produced += 64 * 1024;
      controller.enqueue(new Uint8Array(64 * 1024).fill(32));
    },
  });
  const req = new Request('http://console.test/api/x', {
    method: 'POST',
    headers: { 'content-type': contentType },
    body,
    duplex: 'half',
  } as RequestInit);
  return { req, produced: () => produced };
}

async function refusal(promise: Promise<unknown>) {
  const res = errorResponse(
    await promise.then(
      () => null,
      (err: unknown) => err,
    ),
  );
  return { status: res.status, body: (await res.json()) as { error: { code: string } }, res };
}

describe('readJson', () => {
  it('reads a JSON body', async () => {
    const req = new Request('http://console.test/api/x', {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: '{"email":"zażółć@example.com"}',
    });
    await expect(readJson(req)).resolves.toEqual({ email: 'zażółć@example.com' });
  });

  it('answers 413 at the limit of a 200 MB chunked body without reading the rest', async () => {
    const { req, produced } = chunkedRequest(200 * MB);
    const { status, body, res } = await refusal(readJson(req, 8 * 1024));
    expect(status).toBe(413);
    expect(body.error.code).toBe('payload_too_large');
    expect(res.headers.get('connection')).toBe('close');
    expect(produced()).toBeLessThanOrEqual(256 * 1024);
  });

  it.each(['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', ''])(
    'refuses a body sent as %j with 415, before reading it',
    async (type) => {
      const { req, produced } = chunkedRequest(MB, type);
      if (!type) req.headers.delete('content-type');
      const { status, body } = await refusal(readJson(req));
      expect(status).toBe(415);
      expect(body.error.code).toBe('unsupported_media_type');
      expect(produced()).toBeLessThanOrEqual(64 * 1024); // at most the one chunk a stream pulls ahead
    },
  );
});

describe('idParam', () => {
  it('reads decimal ids', () => {
    expect(idParam('1')).toBe(1);
    expect(idParam('1234')).toBe(1234);
  });

  it.each(['0x1', '0b1', '0o1', '1e0', '1.0', ' 1', '1 ', '+1', '-1', '0', '', '99999999999999999'])(
    'answers 404 for %j',
    (value) => {
      expect(() => idParam(value)).toThrow(expect.objectContaining({ status: 404 }));
    },
  );
});
