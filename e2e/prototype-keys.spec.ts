import fs from 'node:fs';
import path from 'node:path';
import type { APIRequestContext } from '@playwright/test';

import { sandboxIntegrationId } from './support/api';
import { deliveryCount } from './support/db';
import { DATA_DIR } from './support/env';
import { expect, test } from './support/fixtures';

// Keys named like Object.prototype members answered 500 and logged an error per request (issue 11, item 3).
const KEYS = ['constructor', 'toString', 'valueOf', 'hasOwnProperty', '__proto__'];
const SHOP = 'https://prototype-keys.example.com';
const LOG = path.join(DATA_DIR, 'server.log');

const body = (key: string) => `{"type":"CART","email":"proto@example.com","${key}":1}`;
const logSize = () => (fs.existsSync(LOG) ? fs.statSync(LOG).size : 0);
const logSince = (offset: number) => fs.readFileSync(LOG, 'utf8').slice(offset);

async function expectRefusal(
  res: Awaited<ReturnType<APIRequestContext['post']>>,
  key: string,
  where: string,
) {
  expect(res.status(), `${where} ${key}: ${await res.text()}`).toBe(422);
  const { error } = (await res.json()) as { error: { code: string; message: string; fieldErrors: object } };
  expect(error.code).toBe('validation_failed');
  expect(Object.keys(error.fieldErrors), `${where} ${key}`).toContain(key);
  expect(error.message).toContain(`"${key}" is not a field of an external event.`);
}

test('keys named like Object.prototype members are refused with 422 on the collector and the composer API', async ({
  request,
}) => {
  const id = await sandboxIntegrationId(request);
  const configured = await request.patch(`/api/integrations/${id}`, {
    data: { collector: { enabled: true, allowedOrigins: [SHOP], allowedTypes: ['CART'] } },
  });
  expect(configured.status()).toBe(200);
  const collectorUrl = (await configured.json()).collector.url as string;

  const rowsBefore = await deliveryCount();
  const logBefore = logSize();
  for (const key of KEYS) {
    await expectRefusal(
      await request.post(collectorUrl, {
        headers: { origin: SHOP, 'content-type': 'text/plain' },
        data: body(key),
      }),
      key,
      'collector',
    );
    await expectRefusal(
      await request.post(`/api/integrations/${id}/events`, {
        headers: { 'content-type': 'application/json' },
        data: body(key),
      }),
      key,
      'composer',
    );
  }
  expect(await deliveryCount()).toBe(rowsBefore);
  expect(logSince(logBefore)).not.toMatch(/error/i);
});
