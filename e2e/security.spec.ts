import fs from 'node:fs';
import path from 'node:path';
import { request as playwrightRequest } from '@playwright/test';

import { sandboxIntegrationId } from './support/api';
import { deliveryCount } from './support/db';
import { BASE_URL, storageStatePath } from './support/env';
import { expect, failedLoad, test } from './support/fixtures';
import { forbiddenStrings } from './support/secrets';
import { startStaticServer } from './support/static-server';

type Role = 'admin' | 'marketer' | 'viewer';
const ALL: Role[] = ['admin', 'marketer', 'viewer'];
const SENDERS: Role[] = ['admin', 'marketer'];
const ADMIN: Role[] = ['admin'];

/**
 * Who may call what: every route and method of the JSON API must be listed here, so a new route cannot
 * ship without a decision about its roles (the test fails for an unlisted one).
 */
const MATRIX: Record<string, Role[]> = {
  'GET /api/attention': ALL,
  'GET /api/overview': ALL,
  // The history benchmark's floor: 404 for everyone unless the server runs with BENCH_FLOOR=1.
  'GET /api/bench/floor': ALL,
  'POST /api/bench/floor': ALL,
  'GET /api/backfill': SENDERS,
  'POST /api/backfill': SENDERS,
  'GET /api/backfill/[id]': SENDERS,
  'DELETE /api/backfill/[id]': SENDERS,
  'POST /api/backfill/[id]/cancel': SENDERS,
  'POST /api/backfill/[id]/preview': SENDERS,
  'POST /api/backfill/[id]/start': SENDERS,
  'POST /api/backfill/[id]/rejected': SENDERS,
  'GET /api/audit': ADMIN,
  'GET /api/auth/me': ALL,
  'GET /api/deliveries': ALL,
  'GET /api/deliveries/[id]': ALL,
  'GET /api/deliveries/export': ALL,
  // Anyone who can read the history can export it; the file and its cancel belong to whoever asked.
  'POST /api/exports': ALL,
  'POST /api/exports/preview': ALL,
  'GET /api/exports/[id]/download': ALL,
  'POST /api/exports/[id]/cancel': ALL,
  'POST /api/deliveries/[id]/resend': SENDERS,
  'POST /api/deliveries/[id]/retry': SENDERS,
  'POST /api/deliveries/bulk-retry': SENDERS,
  'POST /api/deliveries/bulk-retry/preview': SENDERS,
  'POST /api/deliveries/[id]/cancel': SENDERS,
  'POST /api/deliveries/[id]/mark-delivered': SENDERS,
  'POST /api/deliveries/bulk-cancel': SENDERS,
  'POST /api/deliveries/bulk-cancel/preview': SENDERS,
  'PUT /api/integrations/[id]/unknown-outcome': SENDERS,
  'GET /api/integrations': ALL,
  'POST /api/integrations': ADMIN,
  'GET /api/integrations/[id]': ALL,
  'PATCH /api/integrations/[id]': ADMIN,
  'DELETE /api/integrations/[id]': ADMIN,
  'POST /api/integrations/[id]/collector/rotate-key': ADMIN,
  'GET /api/integrations/[id]/detail-labels': ALL,
  'PUT /api/integrations/[id]/detail-labels': SENDERS,
  'GET /api/integrations/[id]/event-snippet': ALL,
  'POST /api/integrations/[id]/events': SENDERS,
  'POST /api/integrations/[id]/events/curl': SENDERS,
  'GET /api/integrations/[id]/installation': ALL,
  'GET /api/integrations/[id]/snippet': ALL,
  'POST /api/integrations/[id]/snippet/check': ALL,
  'GET /api/integrations/[id]/snippet-options': ALL,
  'PUT /api/integrations/[id]/snippet-options': SENDERS,
  'GET /api/integrations/[id]/templates': ALL,
  'POST /api/integrations/[id]/templates': SENDERS,
  'DELETE /api/integrations/[id]/templates/[templateId]': SENDERS,
  'POST /api/integrations/[id]/verify': ADMIN,
  'GET /api/jobs/[id]': ALL,
  'GET /api/sandbox/contacts': ALL,
  'GET /api/sandbox/contacts/[id]': ALL,
  'POST /api/jobs/[id]/cancel': SENDERS,
  'GET /api/tokens': ADMIN,
  'POST /api/tokens': ADMIN,
  'DELETE /api/tokens/[id]': ADMIN,
  'GET /api/users': ADMIN,
  'POST /api/users': ADMIN,
  'PATCH /api/users/[id]': ADMIN,
  'DELETE /api/users/[id]': ADMIN,
  'GET /api/retention': ADMIN,
  'PUT /api/retention': ADMIN,
  'POST /api/retention/run': ADMIN,
  'PUT /api/integrations/[id]/retention': ADMIN,
  'GET /api/contacts/[contact]': ALL,
  'DELETE /api/contacts/[contact]': ADMIN,
  'GET /api/contacts/[contact]/erasure': ADMIN,
  // Everyone chooses their own emails and may test them; webhooks and reminders reach everyone: admins.
  'GET /api/notifications': ALL,
  'PUT /api/notifications/preferences': ALL,
  'POST /api/notifications/test-email': ALL,
  'PUT /api/notifications/settings': ADMIN,
  'PUT /api/notifications/webhooks': ADMIN,
  'DELETE /api/notifications/webhooks/[id]': ADMIN,
  'POST /api/notifications/webhooks/[id]/test': ADMIN,
  // Incidents: everyone reads; senders acknowledge, resolve, pause and resume; admins set thresholds.
  'GET /api/incidents': ALL,
  'GET /api/incidents/[id]': ALL,
  'PATCH /api/incidents/[id]': SENDERS,
  'POST /api/incidents/[id]/acknowledge': SENDERS,
  'POST /api/incidents/[id]/resolve': SENDERS,
  'GET /api/integrations/[id]/incident-thresholds': ALL,
  'PUT /api/integrations/[id]/incident-thresholds': ADMIN,
  'POST /api/integrations/[id]/pause': SENDERS,
  'POST /api/integrations/[id]/resume': SENDERS,
  'GET /api/integrations/[id]/verifications': ALL,
  'PUT /api/sandbox/account/secret': ADMIN,
  // The end-to-end suite's clock: 404 for everyone unless the server runs with TEST_CLOCK=1.
  'POST /api/test/clock': ADMIN,
};

// Public on purpose (or session-ending): checked in their own specs.
const PUBLIC = ['POST /api/auth/login', 'POST /api/auth/setup', 'POST /api/auth/logout'];

/** Every route handler in app/api with the methods it exports. */
function apiRoutes(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name === 'route.ts') {
        const url = '/' + path.relative('app', path.dirname(full)).split(path.sep).join('/');
        const source = fs.readFileSync(full, 'utf8');
        for (const m of source.matchAll(
          /export (?:const|async function|function) (GET|POST|PATCH|PUT|DELETE)\b/g,
        ))
          out.push(`${m[1]} ${url}`);
      }
    }
  };
  walk(path.join('app', 'api'));
  return out.sort();
}

// Ids that do not exist: an allowed role then gets 404 or 422 (never a change), a refused one 403.
const concrete = (route: string) => route.replace(/\[[^\]]+\]/g, '999999');

test.describe('without a session', () => {
  test.use({ storageState: { cookies: [], origins: [] } });

  test('every API route is in the role matrix, and answers 401', async ({ request }) => {
    const routes = apiRoutes();
    expect(routes.length).toBeGreaterThan(30);
    const unlisted = routes.filter((r) => !(r in MATRIX) && !PUBLIC.includes(r));
    expect(unlisted, 'routes without a role decision').toEqual([]);
    for (const route of routes.filter((r) => !PUBLIC.includes(r) || r === 'POST /api/auth/logout')) {
      const [method, url] = route.split(' ') as [string, string];
      const res = await request.fetch(concrete(url), { method, data: method === 'GET' ? undefined : {} });
      expect(res.status(), route).toBe(401);
      expect((await res.json()).error.code, route).toBe('unauthorized');
    }
  });
});

test('each role may call exactly what the matrix allows', async () => {
  test.setTimeout(120_000);
  for (const role of ALL) {
    const ctx = await playwrightRequest.newContext({
      baseURL: BASE_URL,
      storageState: storageStatePath(role),
    });
    for (const [route, allowed] of Object.entries(MATRIX)) {
      const [method, url] = route.split(' ') as [string, string];
      const res = await ctx.fetch(concrete(url), { method, data: method === 'GET' ? undefined : {} });
      if (allowed.includes(role))
        expect([401, 403], `${role} ${route} should be allowed`).not.toContain(res.status());
      else expect(res.status(), `${role} ${route} should be refused`).toBe(403);
    }
    await ctx.dispose();
  }
});

test('a cross-origin write with a valid session cookie is refused and changes nothing', async ({
  page,
  consoleErrors,
}) => {
  // The forged request from the other site's page is refused with 403, which Chromium logs.
  consoleErrors.allow(failedLoad('/events', 403));
  const id = await sandboxIntegrationId(page.request);
  const before = await deliveryCount();
  const forged = await page.request.post(`/api/integrations/${id}/events`, {
    headers: { origin: 'https://evil.example.net', 'sec-fetch-site': 'cross-site' },
    data: { type: 'PURCHASE', email: 'victim@example.com', value: 1 },
  });
  expect(forged.status()).toBe(403);
  expect(await deliveryCount()).toBe(before);

  // The real thing: a page on another origin of the same host (so the SameSite=Lax cookie goes along).
  const evil = await startStaticServer({
    '/': `<!doctype html><html lang="en"><head><title>Evil</title></head><body><script>
      fetch(${JSON.stringify(`${BASE_URL}/api/integrations/${id}/events`)}, {
        method: 'POST', credentials: 'include', mode: 'no-cors',
        headers: { 'content-type': 'text/plain' },
        body: JSON.stringify({ type: 'PURCHASE', email: 'victim@example.com', value: 1 })
      }).then(function () { document.title = 'sent'; }, function () { document.title = 'sent'; });
    </script></body></html>`,
  });
  try {
    const tab = await page.context().newPage();
    const answered = tab.waitForResponse((r) => r.url().includes(`/api/integrations/${id}/events`));
    await tab.goto(evil.url('/'));
    expect((await answered).status()).toBe(403);
    expect(await deliveryCount()).toBe(before);
    await tab.close();
  } finally {
    await evil.close();
  }
});

test('guessing passwords is stopped with 429 and Retry-After', async ({ request }) => {
  const attempt = () =>
    request.post('/api/auth/login', {
      data: { email: 'brute-force@example.com', password: 'wrong-password' },
    });
  for (let i = 0; i < 10; i++) expect((await attempt()).status()).toBe(401);
  const blocked = await attempt();
  expect(blocked.status()).toBe(429);
  expect(Number(blocked.headers()['retry-after'])).toBeGreaterThan(0);
  expect((await blocked.json()).error.message).toMatch(/Too many failed sign-ins/);
});

test('every page carries a strict Content-Security-Policy and refuses to be framed', async ({
  page,
  consoleErrors,
}) => {
  // The injected handler below must be blocked, which Chromium reports; its image "x" does not exist.
  consoleErrors.allow(/violates the following Content Security Policy directive/);
  consoleErrors.allow(failedLoad('/x', 404));
  const res = await page.goto('/integrations');
  const headers = res!.headers();
  expect(headers['content-security-policy']).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
  expect(headers['content-security-policy']).not.toMatch(/script-src[^;]*unsafe-inline/);
  expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
  // An inline script without the nonce does not run.
  const ran = await page.evaluate(() => {
    const s = document.createElement('div');
    s.innerHTML = '<img src="x" onerror="window.__xss = 1">';
    document.body.appendChild(s);
    return new Promise((r) => setTimeout(() => r((window as unknown as { __xss?: number }).__xss ?? 0), 300));
  });
  expect(ran).toBe(0);
});

const XSS = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=1</script>';

test('XSS payloads in every event field and SALESmanago answer are shown as text', async ({ page }) => {
  const id = await sandboxIntegrationId(page.request);
  let alerted = false;
  page.on('dialog', (d) => {
    alerted = true;
    void d.dismiss();
  });
  const fields = [
    'description',
    'products',
    'externalId',
    'shopDomain',
    ...Array.from({ length: 20 }, (_, i) => `detail${i + 1}`),
  ];
  const event: Record<string, unknown> = { type: 'OTHER', email: 'xss@example.com' };
  for (const f of fields)
    event[f] =
      f === 'products' || f === 'externalId' || f === 'shopDomain'
        ? `${f}${XSS}`.slice(0, 200)
        : `${f} ${XSS}`;
  const sent = await page.request.post(`/api/integrations/${id}/events`, { data: event });
  expect(sent.status()).toBe(201);
  const delivery = await sent.json();

  for (const url of [`/deliveries/${delivery.id}`, '/deliveries?q=xss%40example.com', '/sandbox-contacts']) {
    await page.goto(url);
    await page.waitForLoadState('networkidle');
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned ?? 0), url).toBe(0);
    expect(await page.locator('script:not([src])').filter({ hasText: '__pwned' }).count(), url).toBe(0);
  }
  await page.goto(`/deliveries/${delivery.id}`);
  await expect(
    page.getByText('detail7 <img src=x onerror="window.__pwned=1">', { exact: false }).first(),
  ).toBeVisible();
  expect(alerted).toBe(false);
});

test('the history export is a CSV of events and outcomes, with no secret and no live formula', async ({
  request,
}) => {
  const id = await sandboxIntegrationId(request);
  await request.post(`/api/integrations/${id}/events`, {
    data: { type: 'OTHER', email: 'export@example.com', description: '=HYPERLINK("http://evil.example")' },
  });
  const res = await request.get('/api/deliveries/export?q=export%40example.com');
  expect(res.status()).toBe(200);
  expect(res.headers()['content-type']).toContain('text/csv');
  expect(res.headers()['content-disposition']).toMatch(/attachment; filename="deliveries-.*\.csv"/);
  const csv = await res.text();
  const lines = csv.trim().split('\r\n');
  expect(lines[0]).toContain('id,created_at,integration,source,type,contact');
  expect(lines.length).toBe(2);
  expect(lines[1]).toContain('export@example.com');
  for (const secret of await forbiddenStrings()) expect(csv).not.toContain(secret);
  expect((await request.get('/api/deliveries/export?status=nope')).status()).toBe(422);
});
