import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

process.env.APP_SECRET_KEY ??= 'sandbox-http-test-key-long-enough-0001';

const { openDb, setDbForTests } = await import('@/db');
const { sandboxStore } = await import('@/lib/data/sandbox');
const { SANDBOX_API_PREFIX, SANDBOX_MAX_BODY_BYTES, serveSandbox } = await import('./http');

let server: http.Server;
let base = '';

beforeAll(async () => {
  setDbForTests(openDb(':memory:'));
  server = http.createServer((req, res) => void serveSandbox(req, res, sandboxStore));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}${SANDBOX_API_PREFIX}`;
});

afterAll(() => new Promise((r) => server.close(r)));

describe('the sandbox API over plain HTTP', () => {
  it('answers in JSON like SALESmanago, not sniffable and not cached', async () => {
    const res = await fetch(`${base}v2/no/such/method`, { method: 'POST', body: '{}' });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('application/json;charset=UTF-8');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.json()).toEqual({
      success: false,
      message: ['Unknown API method /api/v2/no/such/method'],
    });
  });

  it('refuses a body that is not JSON', async () => {
    const res = await fetch(`${base}v2/contact/addContactExtEvent`, { method: 'POST', body: 'not json' });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ success: false });
  });

  it('accepts POST only', async () => {
    const res = await fetch(`${base}v2/contact/addContactExtEvent`);
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST');
  });

  it('refuses a body over the limit without reading it', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = http.request(`${base}v2/contact/batchAddContactExtEvent`, {
        method: 'POST',
        headers: { 'content-length': String(SANDBOX_MAX_BODY_BYTES + 1) },
      });
      req.on('response', (res) => {
        resolve(res.statusCode ?? 0);
        req.destroy();
      });
      req.on('error', reject);
      req.write('{"events":[');
    });
    expect(status).toBe(413);
  });
});
