import { expect, test } from './support/fixtures';
import { sandboxCredentials, TEST_API_KEY, TEST_API_SECRET } from './support/secrets';
import { SANDBOX_URL } from './support/env';

const valid = () => ({
  name: 'Validation shop',
  endpoint: 'app3.salesmanago.com',
  clientId: 'abc123def456',
  apiKey: TEST_API_KEY,
  apiSecret: TEST_API_SECRET,
  owner: 'owner@example.com',
});

test('bad integration input gets a 4xx in the house shape and writes nothing', async ({ request }) => {
  const count = async () => (await (await request.get('/api/integrations')).json()).items.length;
  const before = await count();

  const cases: Array<[string, Record<string, unknown>, number, string]> = [
    ['unknown host', { endpoint: 'api.example.com' }, 422, 'endpoint'],
    ['lookalike host', { endpoint: 'app3.salesmanago.com.evil.example' }, 422, 'endpoint'],
    ['http on a SALESmanago host', { endpoint: 'http://app3.salesmanago.com' }, 422, 'endpoint'],
    ['client ID with a quote', { clientId: 'abc"+alert(1)+"' }, 422, 'clientId'],
    ['client ID with <', { clientId: 'abc</script>' }, 422, 'clientId'],
    ['malformed owner email', { owner: 'not-an-email' }, 422, 'owner'],
    ['oversized name', { name: 'n'.repeat(81) }, 422, 'name'],
    ['oversized API key', { apiKey: 'k'.repeat(257) }, 422, 'apiKey'],
    ['API secret with spaces', { apiSecret: 'two words' }, 422, 'apiSecret'],
    ['missing API secret', { apiSecret: undefined }, 422, 'apiSecret'],
    ['unknown field', { colour: 'red' }, 422, '_'],
  ];
  for (const [what, patch, status, field] of cases) {
    const res = await request.post('/api/integrations', { data: { ...valid(), ...patch } });
    expect(res.status(), what).toBe(status);
    const body = await res.json();
    expect(body.error.code, what).toBe('validation_failed');
    expect(body.error.message.length, what).toBeGreaterThan(10);
    expect(Object.keys(body.error.fieldErrors), what).toContain(field);
    expect(JSON.stringify(body), `${what} echoes no secret`).not.toContain(TEST_API_SECRET);
  }

  const notJson = await request.post('/api/integrations', {
    headers: { 'content-type': 'application/json' },
    data: Buffer.from('{"name": '),
  });
  expect(notJson.status()).toBe(400);
  expect((await notJson.json()).error).toMatchObject({
    code: 'bad_request',
    message: 'The request body is not valid JSON.',
  });

  const array = await request.post('/api/integrations', { data: [valid()] });
  expect(array.status()).toBe(422);

  const huge = await request.post('/api/integrations', { data: { ...valid(), name: 'x'.repeat(40_000) } });
  expect(huge.status()).toBe(413);
  expect((await huge.json()).error.code).toBe('payload_too_large');

  expect(await count()).toBe(before);
});

test('a bad edit changes nothing, and a blank secret keeps the stored one', async ({ request }) => {
  const sandbox = await sandboxCredentials();
  const created = await request.post('/api/integrations', {
    data: {
      ...valid(),
      endpoint: SANDBOX_URL,
      clientId: sandbox.clientId,
      apiSecret: sandbox.apiSecret,
      owner: 'owner@sandbox.example.com',
    },
  });
  expect(created.status()).toBe(201);
  const integration = await created.json();
  expect(JSON.stringify(integration)).not.toContain(sandbox.apiSecret);
  expect(integration).toMatchObject({
    apiSecretSet: true,
    apiSecretHint: sandbox.apiSecret.slice(-4),
    isSandbox: true,
  });

  const bad = await request.patch(`/api/integrations/${integration.id}`, {
    data: { name: '', clientId: 'a"b' },
  });
  expect(bad.status()).toBe(422);
  const unchanged = await (await request.get(`/api/integrations/${integration.id}`)).json();
  expect(unchanged.name).toBe('Validation shop');
  expect(unchanged.clientId).toBe(sandbox.clientId);

  const blank = await request.patch(`/api/integrations/${integration.id}`, {
    data: { apiSecret: '', apiKey: '', name: 'Renamed shop' },
  });
  expect(blank.status()).toBe(200);
  const verify = await request.post(`/api/integrations/${integration.id}/verify`);
  expect((await verify.json()).ok).toBe(true);

  const missing = await request.get('/api/integrations/999999');
  expect(missing.status()).toBe(404);
  expect((await missing.json()).error.code).toBe('not_found');
  expect((await request.delete(`/api/integrations/${integration.id}`)).status()).toBe(204);
});
