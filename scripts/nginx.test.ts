import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

import { NGINX_BIN, nginxConfig, requestsByInstance } from './nginx.cjs';

const TEMPLATE = fs.readFileSync(path.join(__dirname, '..', 'docs', 'nginx.conf'), 'utf8');

describe('nginxConfig (docs/nginx.conf with the ports of a test or a benchmark)', () => {
  const conf = nginxConfig(TEMPLATE, 4100, [4101, 4102, 4103]);

  it('listens where asked and lists every instance once, with the passive health settings of the docs', () => {
    expect(conf).toMatch(/^\s*listen 127\.0\.0\.1:4100;$/m);
    expect(conf).not.toMatch(/:8080|:3001|:3002/);
    expect(
      [...conf.matchAll(/^\s*server 127\.0\.0\.1:(\d+) max_fails=3 fail_timeout=10s;$/gm)].map((m) => m[1]),
    ).toEqual(['4101', '4102', '4103']);
    // Everything else is the documented configuration, line for line.
    const rest = (text: string) =>
      text.split('\n').filter((l) => !/^\s*(listen|server) 127\.0\.0\.1:/.test(l));
    expect(rest(conf)).toEqual(rest(TEMPLATE));
  });

  it('says so when docs/nginx.conf loses the lines it replaces', () => {
    expect(() => nginxConfig(TEMPLATE.replace(/listen 127\.0\.0\.1:8080;/, 'listen 8080;'), 1, [2])).toThrow(
      /no longer has/,
    );
  });

  it.runIf(fs.existsSync(NGINX_BIN))('is a configuration nginx accepts (nginx -t)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nginx-conf-test-'));
    try {
      fs.writeFileSync(path.join(dir, 'nginx.conf'), conf);
      execFileSync(NGINX_BIN, ['-t', '-p', dir, '-e', 'stderr', '-c', path.join(dir, 'nginx.conf')], {
        stdio: 'pipe',
      });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('requestsByInstance', () => {
  it('counts the requests under a path by the instance that answered, the last one after a retry', () => {
    const log = [
      '127.0.0.1 [07/Dec/2026:13:30:49 +0000] "POST /api/collect/ck_1 HTTP/1.1" 202 28 upstream=127.0.0.1:3101 upstream_status=202 time=0.090',
      '127.0.0.1 [07/Dec/2026:13:30:49 +0000] "POST /api/collect/ck_1 HTTP/1.1" 202 28 upstream=127.0.0.1:3101, 127.0.0.1:3102 upstream_status=502, 202 time=0.090',
      '127.0.0.1 [07/Dec/2026:13:30:49 +0000] "GET /api/integrations HTTP/1.1" 200 28 upstream=127.0.0.1:3101 upstream_status=200 time=0.010',
      '127.0.0.1 [07/Dec/2026:13:30:49 +0000] "POST /api/collect/ck_1 HTTP/1.1" 202 28 upstream=127.0.0.1:3102 upstream_status=202 time=0.090',
    ].join('\n');
    expect(requestsByInstance(log, '/api/collect/')).toEqual({ 3101: 1, 3102: 2 });
    expect(requestsByInstance(log, '/api/integrations')).toEqual({ 3101: 1 });
  });
});
