import fs from 'node:fs';
import path from 'node:path';
import { request as playwrightRequest } from '@playwright/test';

import { sandboxIntegrationId } from './support/api';
import { ADMIN, BASE_URL, DATA_DIR, storageStatePath } from './support/env';
import { expect, test } from './support/fixtures';

/** Issue 11, items 4, 5 and 8: the outside probe's small findings, each as the probe sent it. */

const serverLog = () => fs.readFileSync(path.join(DATA_DIR, 'server.log'), 'utf8');

test.describe('malformed percent-encoding in a path', () => {
  const API_PATHS = [
    '/api/collect/%E0%A4%A',
    '/api/collect/%',
    '/api/deliveries/%E0%A4%A',
    '/api/deliveries/%',
    '/api/integrations/%E0%A4%A',
    '/api/integrations/%',
    '/sandbox/api/%',
  ];
  const PAGE_PATHS = ['/deliveries/%E0%A4%A', '/deliveries/%', '/integrations/%', '/%'];

  test('answers 400 on the API and 404 on pages, without a session, and logs no stack', async () => {
    const anonymous = await playwrightRequest.newContext({ baseURL: BASE_URL });
    const logBefore = serverLog().length;
    for (const p of API_PATHS) {
      for (const method of ['GET', 'POST'] as const) {
        const res = await anonymous.fetch(p, { method, data: method === 'POST' ? {} : undefined });
        expect(res.status(), `${method} ${p}`).toBe(400);
        const body = (await res.json()) as { error: { code: string; message: string } };
        expect(body.error.code).toBe('bad_request');
        expect(body.error.message).toMatch(/address is not valid/);
      }
    }
    for (const p of PAGE_PATHS) {
      const res = await anonymous.get(p);
      expect(res.status(), p).toBe(404);
      expect(await res.text()).toContain('Page not found');
    }
    await anonymous.dispose();
    const logged = serverLog().slice(logBefore);
    expect(logged).not.toMatch(/URIError|at decodeURIComponent|\n\s+at /);
  });
});

test.describe('sign-in and setup from another website (login CSRF)', () => {
  const credentials = { email: ADMIN.email, password: ADMIN.password };
  const forged: Array<[string, Record<string, string>]> = [
    ['Origin: http://evil.test', { origin: 'http://evil.test' }],
    ['Sec-Fetch-Site: cross-site', { 'sec-fetch-site': 'cross-site' }],
    ['Origin: null', { origin: 'null' }],
  ];

  for (const [label, headers] of forged) {
    test(`refuses ${label} with 403 and sets no cookie`, async () => {
      const anonymous = await playwrightRequest.newContext({ baseURL: BASE_URL });
      for (const route of ['/api/auth/login', '/api/auth/setup']) {
        const res = await anonymous.post(route, { data: credentials, headers });
        expect(res.status(), route).toBe(403);
        expect((await res.json()).error.code).toBe('forbidden');
        expect(res.headers()['set-cookie'], route).toBeUndefined();
      }
      await anonymous.dispose();
    });
  }

  test('same-origin sign-in works and is never cached; so is sign-out', async () => {
    const anonymous = await playwrightRequest.newContext({ baseURL: BASE_URL });
    const login = await anonymous.post('/api/auth/login', {
      data: credentials,
      headers: { origin: BASE_URL, 'sec-fetch-site': 'same-origin' },
    });
    expect(login.status()).toBe(200);
    expect(login.headers()['cache-control']).toBe('no-store');
    const logout = await anonymous.post('/api/auth/logout', { headers: { origin: BASE_URL } });
    expect(logout.status()).toBe(200);
    expect(logout.headers()['cache-control']).toBe('no-store');
    await anonymous.dispose();
  });
});

test('JSON routes refuse a text/plain or form-encoded body with 415, even with a session and no Origin', async ({
  request,
}) => {
  const id = await sandboxIntegrationId(request);
  const body = JSON.stringify({ type: 'LOGIN', email: 'csrf@example.com' });
  for (const type of ['text/plain', 'application/x-www-form-urlencoded']) {
    for (const route of [`/api/integrations/${id}/events`, '/api/auth/login']) {
      const res = await request.post(route, { data: body, headers: { 'content-type': type } });
      expect(res.status(), `${route} as ${type}`).toBe(415);
      const err = (await res.json()).error;
      expect(err.code).toBe('unsupported_media_type');
      expect(err.message).toContain('application/json');
    }
  }
});

test('ids are decimal digits only: /api/deliveries/0x1 does not read delivery 1', async ({ request }) => {
  const id = await sandboxIntegrationId(request);
  const sent = await request.post(`/api/integrations/${id}/events`, {
    data: { type: 'LOGIN', email: 'hex-id@example.com' },
  });
  expect(sent.status()).toBe(201);
  const deliveryId = ((await sent.json()) as { id: number }).id;
  expect((await request.get(`/api/deliveries/${deliveryId}`)).status()).toBe(200);
  for (const spelling of [
    `0x${deliveryId.toString(16)}`,
    `${deliveryId}.0`,
    `${deliveryId}e0`,
    `+${deliveryId}`,
  ]) {
    const res = await request.get(`/api/deliveries/${spelling}`);
    expect(res.status(), spelling).toBe(404);
  }
  expect((await request.get(`/api/deliveries?integrationId=0x${id.toString(16)}`)).status()).toBe(422);
});

test.describe('the snippet checker for a viewer', () => {
  test.use({ storageState: storageStatePath('viewer') });

  test('a viewer checks pasted code but cannot make the server fetch a page', async ({ page, request }) => {
    const id = await sandboxIntegrationId(request);
    const pasted = await request.post(`/api/integrations/${id}/snippet/check`, {
      data: { html: '<p>no code here</p>' },
    });
    expect(pasted.status()).toBe(200);
    const fetched = await request.post(`/api/integrations/${id}/snippet/check`, {
      data: { url: 'https://shop.example.com/' },
    });
    expect(fetched.status()).toBe(403);
    expect((await fetched.json()).error.message).toMatch(
      /can check pasted code but cannot make the console fetch/,
    );

    await page.goto(`/integrations/${id}/snippet`);
    await page.getByRole('tab', { name: 'Page address' }).click();
    await expect(page.getByText(/Checking a page by its address is for admins and marketers/)).toBeVisible();
    await expect(page.getByRole('button', { name: 'Check page' })).toHaveCount(0);
  });
});

test('the sidebar is rendered with its data on the server, as the browser hydrates it (no #418)', async ({
  request,
  page,
}) => {
  // The sidebar lives in the layout, which renders in parallel with the page: it must not depend on
  // whether the page's data reached it first. The browser hydrates it from the layout's own seeds.
  for (const path of ['/integrations', '/send?from=1&integrationId=1', '/deliveries', '/attention']) {
    const html = await (await request.get(path)).text();
    const sidebar = /aria-label="Integrations"[\s\S]*?<\/nav>/.exec(html)?.[0] ?? '';
    expect(sidebar, path).toContain('Sandbox');
    expect(sidebar, path).not.toContain('Loading…');
  }
  for (const path of ['/send?from=1&integrationId=1', '/integrations']) {
    await page.goto(path);
    await expect(page.getByRole('navigation', { name: 'Integrations' })).toContainText('Sandbox');
  }
});
