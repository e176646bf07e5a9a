import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { classify, postJson, type TransportResult } from './client';

// Everything here talks to a server on 127.0.0.1 started by the test; nothing leaves the machine.
const SECRET = 'sha-7f3a9c-do-not-leak';
const body = { clientId: 'c1', apiKey: 'key-do-not-leak', sha: SECRET, owner: 'o@example.com' };

interface Seen {
  method?: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}
const seen: Seen[] = [];

const server = http.createServer((req, res) => {
  let text = '';
  req.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  req.on('end', () => {
    seen.push({ method: req.method, headers: req.headers, body: text });
    switch (req.url) {
      case '/ok':
        res.writeHead(200, { 'content-type': 'application/json' });
        return res.end('{"success":true,"message":[],"eventId":"e-1"}');
      case '/500':
        res.writeHead(500, { 'content-type': 'text/html', 'retry-after': '30' });
        return res.end('<h1>Internal Server Error</h1>');
      case '/redirect':
        res.writeHead(302, { location: '/ok' });
        return res.end();
      case '/big':
        res.writeHead(200, { 'content-type': 'application/json' });
        return res.end('x'.repeat(100_000));
      case '/exact':
        return res.end('y'.repeat(1000));
      case '/utf8':
        return res.end('zażółć gęślą jaźń');
      case '/slow':
        return void setTimeout(() => res.end('late'), 2_000);
      case '/slow-body':
        res.writeHead(200, { 'content-length': '100' });
        res.write('{"success":');
        return void setTimeout(() => res.end(), 2_000);
      case '/destroy':
        return void req.socket.destroy();
      case '/rst':
        return void req.socket.resetAndDestroy();
      case '/cut':
        res.writeHead(200, { 'content-length': '1000' });
        res.write('{"success":tr');
        return void setTimeout(() => req.socket.destroy(), 20);
      default:
        res.writeHead(404);
        return res.end();
    }
  });
});

let base = '';
let closedPort = 0;

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // A port that was just free: connecting to it is refused.
  const probe = http.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  closedPort = (probe.address() as AddressInfo).port;
  await new Promise((resolve) => probe.close(resolve));
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

function expectFailure(result: TransportResult, error: string) {
  expect(result.kind).toBe('transport-error');
  if (result.kind !== 'transport-error') throw new Error('unreachable');
  expect(result.error).toBe(error);
  expect(result.message).not.toContain(SECRET);
  expect(result.message).not.toContain('key-do-not-leak');
  expect(result.durationMs).toBeGreaterThanOrEqual(0);
  return result;
}

function expectResponse(result: TransportResult) {
  if (result.kind !== 'response')
    throw new Error(`expected a response, got ${result.error}: ${result.message}`);
  return result;
}

describe('postJson against a local server', () => {
  it('POSTs the JSON body with the SALESmanago headers and returns the answer', async () => {
    const before = seen.length;
    const result = expectResponse(
      await postJson({ url: `${base}/ok`, body, timeoutMs: 2_000, fetchImpl: fetch }),
    );
    expect(result).toMatchObject({
      httpStatus: 200,
      truncated: false,
      bodyText: '{"success":true,"message":[],"eventId":"e-1"}',
    });
    expect(result.headers.date).toMatch(/GMT$/);
    const request = seen[before]!;
    expect(request.method).toBe('POST');
    expect(request.headers['content-type']).toBe('application/json;charset=UTF-8');
    expect(request.headers.accept).toBe('application/json, application/json');
    expect(JSON.parse(request.body)).toEqual(body);
  });

  it('sends a string body as it is', async () => {
    const before = seen.length;
    await postJson({ url: `${base}/ok`, body: '{"raw":true}', timeoutMs: 2_000, fetchImpl: fetch });
    expect(seen[before]?.body).toBe('{"raw":true}');
  });

  it('returns HTTP errors as responses, with Retry-After', async () => {
    const result = expectResponse(
      await postJson({ url: `${base}/500`, body, timeoutMs: 2_000, fetchImpl: fetch }),
    );
    expect(result.httpStatus).toBe(500);
    expect(result.bodyText).toContain('Internal Server Error');
    expect(result.headers.retryAfter).toBe('30');
  });

  it('does not follow redirects, so the signed body is not resent elsewhere', async () => {
    const before = seen.length;
    const result = expectResponse(
      await postJson({ url: `${base}/redirect`, body, timeoutMs: 2_000, fetchImpl: fetch }),
    );
    expect(result.httpStatus).toBe(302);
    expect(result.headers.location).toBe('/ok');
    expect(seen.length).toBe(before + 1);
  });

  it('caps a big body at 64 KiB by default and says it was cut', async () => {
    const result = expectResponse(
      await postJson({ url: `${base}/big`, body, timeoutMs: 2_000, fetchImpl: fetch }),
    );
    expect(result.bodyText).toHaveLength(64 * 1024);
    expect(result.truncated).toBe(true);
  });

  it('honours maxBodyChars and does not flag a body exactly at the cap', async () => {
    const at = expectResponse(
      await postJson({ url: `${base}/exact`, body, timeoutMs: 2_000, maxBodyChars: 1000, fetchImpl: fetch }),
    );
    expect(at).toMatchObject({ truncated: false });
    expect(at.bodyText).toHaveLength(1000);
    const over = expectResponse(
      await postJson({ url: `${base}/exact`, body, timeoutMs: 2_000, maxBodyChars: 999, fetchImpl: fetch }),
    );
    expect(over).toMatchObject({ truncated: true });
    expect(over.bodyText).toHaveLength(999);
  });

  it('decodes UTF-8 bodies', async () => {
    const result = expectResponse(
      await postJson({ url: `${base}/utf8`, body, timeoutMs: 2_000, fetchImpl: fetch }),
    );
    expect(result.bodyText).toBe('zażółć gęślą jaźń');
  });

  it('times out a server that does not answer', async () => {
    const started = Date.now();
    const result = expectFailure(
      await postJson({ url: `${base}/slow`, body, timeoutMs: 200, fetchImpl: fetch }),
      'timeout',
    );
    expect(Date.now() - started).toBeLessThan(1_500);
    expect(result.message).toBe(`${base.slice('http://'.length)} did not answer within 0.2 s.`);
  });

  it('times out a body that stops arriving', async () => {
    expectFailure(
      await postJson({ url: `${base}/slow-body`, body, timeoutMs: 200, fetchImpl: fetch }),
      'timeout',
    );
  });

  it('reports a refused connection', async () => {
    const result = expectFailure(
      await postJson({ url: `http://127.0.0.1:${closedPort}/api`, body, timeoutMs: 2_000, fetchImpl: fetch }),
      'connection-refused',
    );
    expect(result.message).toContain(`127.0.0.1:${closedPort} refused the connection`);
    expect(result.message).toContain('ECONNREFUSED');
  });

  it('reports a closed or reset socket as connection-reset', async () => {
    expectFailure(
      await postJson({ url: `${base}/destroy`, body, timeoutMs: 2_000, fetchImpl: fetch }),
      'connection-reset',
    );
    expectFailure(
      await postJson({ url: `${base}/rst`, body, timeoutMs: 2_000, fetchImpl: fetch }),
      'connection-reset',
    );
    expectFailure(
      await postJson({ url: `${base}/cut`, body, timeoutMs: 2_000, fetchImpl: fetch }),
      'connection-reset',
    );
  });

  it('reports https to a plain-http server as a TLS failure', async () => {
    const result = expectFailure(
      await postJson({
        url: base.replace('http:', 'https:') + '/ok',
        body,
        timeoutMs: 2_000,
        fetchImpl: fetch,
      }),
      'tls',
    );
    expect(result.message).toMatch(/secure connection \(TLS\)/);
  });
});

describe('postJson with an injected fetch', () => {
  const undiciError = (code: string, extra: object = {}) =>
    Object.assign(new TypeError('fetch failed'), {
      cause: Object.assign(new Error(`${code} while sending ${JSON.stringify(body)}`), { code, ...extra }),
    });

  it('classifies DNS failures (undici-shaped errors; .invalid never resolves, but would ask a real resolver)', async () => {
    for (const code of ['ENOTFOUND', 'EAI_AGAIN']) {
      const fetchImpl = async () => {
        throw undiciError(code);
      };
      const result = expectFailure(
        await postJson({ url: 'https://app3.salesmanago.invalid/api', body, timeoutMs: 1_000, fetchImpl }),
        'dns',
      );
      expect(result.message).toBe(
        `The name app3.salesmanago.invalid could not be found (DNS lookup failed) (${code}).`,
      );
    }
  });

  it('finds the code inside an AggregateError (several addresses tried)', async () => {
    const fetchImpl = async () => {
      throw Object.assign(new TypeError('fetch failed'), {
        cause: new AggregateError([Object.assign(new Error('x'), { code: 'ECONNREFUSED' })], 'all failed'),
      });
    };
    expectFailure(
      await postJson({ url: 'http://localhost:9/', body, timeoutMs: 1_000, fetchImpl }),
      'connection-refused',
    );
  });

  it('never throws, whatever fetch does, and never echoes the error text', async () => {
    const throwsString = async () => {
      throw `boom ${SECRET}`;
    };
    expectFailure(
      await postJson({
        url: 'https://app3.salesmanago.com',
        body,
        timeoutMs: 1_000,
        fetchImpl: throwsString,
      }),
      'network',
    );
    const leaky = async () => {
      throw undiciError('EHOSTUNREACH');
    };
    const result = expectFailure(
      await postJson({ url: 'https://app3.salesmanago.com', body, timeoutMs: 1_000, fetchImpl: leaky }),
      'network',
    );
    expect(result.message).toBe(
      'Could not reach app3.salesmanago.com because of a network error (EHOSTUNREACH).',
    );
  });

  it('refuses an invalid URL or an unserialisable body without calling fetch', async () => {
    let called = false;
    const fetchImpl = async () => {
      called = true;
      return new Response('');
    };
    expect(await postJson({ url: 'not a url', body, timeoutMs: 1_000, fetchImpl })).toMatchObject({
      error: 'network',
      message: 'The endpoint address is not a valid URL.',
    });
    expect(
      await postJson({ url: 'https://app3.salesmanago.com', body: { n: 1n }, timeoutMs: 1_000, fetchImpl }),
    ).toMatchObject({ error: 'network' });
    expect(called).toBe(false);
  });
});

describe('classify', () => {
  it.each([
    [['ECONNREFUSED'], 'connection-refused'],
    [['ENOTFOUND'], 'dns'],
    [['EAI_FAIL'], 'dns'],
    [['ECONNRESET'], 'connection-reset'],
    [['UND_ERR_SOCKET'], 'connection-reset'],
    [['EPIPE'], 'connection-reset'],
    [['UND_ERR_CONNECT_TIMEOUT'], 'timeout'],
    [['UND_ERR_HEADERS_TIMEOUT'], 'timeout'],
    [['ETIMEDOUT'], 'timeout'],
    [['CERT_HAS_EXPIRED'], 'tls'],
    [['DEPTH_ZERO_SELF_SIGNED_CERT'], 'tls'],
    [['UNABLE_TO_VERIFY_LEAF_SIGNATURE'], 'tls'],
    [['ERR_TLS_CERT_ALTNAME_INVALID'], 'tls'],
    [['ERR_SSL_WRONG_VERSION_NUMBER'], 'tls'],
    [['EHOSTUNREACH'], 'network'],
    [[], 'network'],
  ] as const)('%j → %s', (codes, kind) => {
    expect(classify([...codes])).toBe(kind);
  });
});
