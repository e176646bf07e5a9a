import { request as newRequest, type APIRequestContext } from '@playwright/test';

import { BASE_URL, storageStatePath } from './support/env';
import { expect, test } from './support/fixtures';

async function sandboxId(request: APIRequestContext): Promise<number> {
  const { items } = await (await request.get('/api/integrations')).json();
  return items.find((i: { isSandbox: boolean; name: string }) => i.isSandbox && i.name === 'Sandbox').id;
}

const as = (role: 'admin' | 'marketer' | 'viewer' | 'nobody') =>
  newRequest.newContext({
    baseURL: BASE_URL,
    storageState: role === 'nobody' ? { cookies: [], origins: [] } : storageStatePath(role),
  });

test('every snippet route needs a session; viewers read, only admins and marketers save', async ({
  request,
}) => {
  const id = await sandboxId(request);
  const routes = [
    ['GET', `/api/integrations/${id}/snippet`, undefined],
    ['GET', `/api/integrations/${id}/snippet-options`, undefined],
    ['PUT', `/api/integrations/${id}/snippet-options`, { popups: true }],
    ['POST', `/api/integrations/${id}/snippet/check`, { html: '<script></script>' }],
    ['GET', `/api/integrations/${id}/installation`, undefined],
  ] as const;

  const nobody = await as('nobody');
  for (const [method, path, data] of routes) {
    const res = await nobody.fetch(path, { method, data });
    expect(res.status(), `${method} ${path}`).toBe(401);
    expect((await res.json()).error.code).toBe('unauthorized');
  }
  await nobody.dispose();

  const viewer = await as('viewer');
  for (const [method, path, data] of routes) {
    const res = await viewer.fetch(path, { method, data });
    expect(res.status(), `${method} ${path} as viewer`).toBe(method === 'PUT' ? 403 : 200);
  }
  expect((await (await viewer.get(`/api/integrations/${id}/snippet-options`)).json()).options.popups).toBe(
    false,
  );
  await viewer.dispose();

  const marketer = await as('marketer');
  const saved = await marketer.put(`/api/integrations/${id}/snippet-options`, { data: { smbanners: true } });
  expect(saved.status()).toBe(200);
  expect((await saved.json()).options).toMatchObject({ smbanners: true, popups: false });
  expect((await (await marketer.get(`/api/integrations/${id}/snippet`)).json()).html).toContain(
    'var _smbanners = true;',
  );
  expect((await marketer.put(`/api/integrations/${id}/snippet-options`, { data: {} })).status()).toBe(200);
  await marketer.dispose();

  const missing = await request.get('/api/integrations/999999/snippet');
  expect(missing.status()).toBe(404);
  expect((await missing.json()).error.code).toBe('not_found');
});

test('query parameters pick options; bad ones answer 422 in the house shape', async ({ request }) => {
  const id = await sandboxId(request);
  const get = (query: string) => request.get(`/api/integrations/${id}/snippet?${query}`);

  const minified = await (await get('format=minified')).json();
  expect(minified.html).not.toContain('\n');
  const custom = await (await get('smcustom=1&clt=30&cmd=' + encodeURIComponent("sm('a', 1)"))).json();
  expect(custom.html).toContain('var _smcustom = true;');
  expect(custom.html).toContain('var _smclt = 30;');
  expect(custom.html).toContain("sm('a', 1);");

  for (const [query, field] of [
    ['format=pretty', 'format'],
    ['smcustom=maybe', 'smcustom'],
    ['smapp=1;alert(1)', 'smapp'],
    ['clt=99999', 'clt'],
    [`cmd=${encodeURIComponent("sm('a');alert(document.cookie)")}`, 'cmd.0'],
    [`cmd=${encodeURIComponent('</script><script>alert(1)</script>')}`, 'cmd.0'],
  ] as const) {
    const res = await get(query);
    expect(res.status(), query).toBe(422);
    const body = await res.json();
    expect(body.error.code, query).toBe('validation_failed');
    expect(Object.keys(body.error.fieldErrors), query).toContain(field);
    expect(JSON.stringify(body), query).not.toContain('<script>alert');
  }
});

test('hostile option values are refused with 422 and nothing is saved', async ({ request }) => {
  const id = await sandboxId(request);
  const path = `/api/integrations/${id}/snippet-options`;
  const before = await (await request.get(path)).json();

  for (const [what, data, field] of [
    ['a command that breaks out', { extraCommands: ["sm('a');fetch('//evil.example')"] }, 'extraCommands.0'],
    ['a second statement', { extraCommands: ["sm('a'); sm('b')"] }, 'extraCommands.0'],
    ['a function argument', { extraCommands: ["sm('a', function () { alert(1) })"] }, 'extraCommands.0'],
    ['a template string', { extraCommands: ['sm(`${alert(1)}`)'] }, 'extraCommands.0'],
    ['not a call of sm', { extraCommands: ['alert(1)'] }, 'extraCommands.0'],
    ['code in the app id', { smapp: '1;alert(1)' }, 'smapp'],
    ['a fractional app id', { smapp: 1.5 }, 'smapp'],
    ['code in the cookie lifetime', { cookieLifetimeDays: '30</script>' }, 'cookieLifetimeDays'],
    ['a string flag', { popups: 'true"' }, 'popups'],
    ['an unknown option', { onload: 'alert(1)' }, '_'],
    ['an unknown format', { format: 'html' }, 'format'],
    ['too many commands', { extraCommands: Array(11).fill("sm('a')") }, 'extraCommands'],
  ] as const) {
    const res = await request.put(path, { data });
    expect(res.status(), what).toBe(422);
    const body = await res.json();
    expect(body.error.code, what).toBe('validation_failed');
    expect(body.error.message.length, what).toBeGreaterThan(10);
    expect(Object.keys(body.error.fieldErrors), what).toContain(field);
  }
  const notJson = await request.put(path, {
    headers: { 'content-type': 'application/json' },
    data: Buffer.from('{"popups":'),
  });
  expect(notJson.status()).toBe(400);
  expect((await notJson.json()).error.code).toBe('bad_request');

  expect(await (await request.get(path)).json()).toEqual(before);

  // Text inside a command's quotes is data: it is written escaped, so it cannot end the string or the script.
  const hostileText = "sm('</script><script>alert(1)</script>', \"'+alert(2)+'\", '\u2028')";
  const saved = await request.put(path, { data: { extraCommands: [hostileText] } });
  expect(saved.status()).toBe(200);
  const { html } = await (await request.get(`/api/integrations/${id}/snippet`)).json();
  expect(html.match(/<\/script>/gi)).toHaveLength(1);
  expect(html).toContain(
    "sm('\\u003C/script\\u003E\\u003Cscript\\u003Ealert(1)\\u003C/script\\u003E', '\\u0027+alert(2)+\\u0027', '\\u2028');",
  );
  expect((await request.put(path, { data: before.options })).status()).toBe(200);
});

test('the check endpoint answers bad input with 4xx and refuses private pages', async ({ request }) => {
  const id = await sandboxId(request);
  const path = `/api/integrations/${id}/snippet/check`;
  for (const [data, status, field] of [
    [{}, 422, 'html'],
    [{ html: 'x', url: 'https://shop.example/' }, 422, '_'],
    [{ url: '' }, 422, 'url'],
    [{ url: 'http://10.0.0.1/' }, 422, 'url'],
    [{ url: 'http://[::ffff:169.254.169.254]/' }, 422, 'url'],
    [{ html: 'x', extra: 1 }, 422, '_'],
  ] as const) {
    const res = await request.post(path, { data });
    expect(res.status(), JSON.stringify(data)).toBe(status);
    expect(Object.keys((await res.json()).error.fieldErrors), JSON.stringify(data)).toContain(field);
  }
  const refused = await (await request.post(path, { data: { url: 'http://10.0.0.1/' } })).json();
  expect(refused.error.fieldErrors.url[0]).toMatch(/10\.0\.0\.1 is a private network address/);

  const found = await (await request.post(path, { data: { html: '<p>nothing</p>' } })).json();
  expect(found).toMatchObject({ status: 'not-found', scriptsFound: 0 });
});
