import fs from 'node:fs';
import path from 'node:path';

import { apiAs, runToken, sandboxIntegrationId, sendEvent } from './history-helpers';
import { consoleNumber } from './support/db';
import { DATA_DIR } from './support/env';
import { expect, expectAccessible, snap, test } from './support/fixtures';
import { findLeaks, forbiddenStrings } from './support/secrets';

// The e2e server runs with EXPORT_DIRECT_MAX_ROWS=5 (playwright.config.ts), so this spec's eight
// deliveries are "large": they take the job path, as a real history of thousands would.
const token = runToken('exp');
const EXPORTS = path.join(DATA_DIR, 'exports');

test.beforeAll(async ({ playwright }) => {
  const api = await apiAs(playwright, 'admin');
  const id = await sandboxIntegrationId(api);
  for (let i = 1; i <= 8; i++)
    await sendEvent(api, id, {
      type: i <= 6 ? 'VISIT' : 'CART',
      email: `exp${i}-${token}@example.com`,
      externalId: `${token}-${i}`,
    });
  await api.dispose();
});

const exportJobs = () => consoleNumber("select count(*) as n from jobs where kind = 'export'");
const exportFiles = () => (fs.existsSync(EXPORTS) ? fs.readdirSync(EXPORTS).sort() : []);

test('a large export runs as a job with progress, then downloads the whole filter', async ({ page }) => {
  await page.goto(`/deliveries?q=${token}`);
  await expect(page.getByRole('table').locator('tbody').getByRole('row')).toHaveCount(8);
  await page.getByRole('button', { name: 'Download…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Download deliveries' });
  await expect(dialog.getByText('8 deliveries match. The file is prepared in the background')).toBeVisible();
  await expectAccessible(page, 'export dialog, before starting');
  await snap(page, 'export-dialog');

  await dialog.getByRole('button', { name: 'Prepare 8 deliveries' }).click();
  const progress = dialog.getByRole('progressbar', { name: 'Writing the file' });
  await expect(progress).toBeVisible();
  await expect(progress).toHaveAttribute('aria-valuenow', '8');
  await expect(dialog.getByText('8 of 8 · Done')).toBeVisible();
  await expect(
    dialog.getByText('8 deliveries written. The file can be downloaded for 24 hours.'),
  ).toBeVisible();
  const link = dialog.getByRole('link', { name: 'Download file' });
  await expectAccessible(page, 'export dialog, file ready');
  await snap(page, 'export-ready');
  await page.setViewportSize({ width: 390, height: 844 });
  await snap(page, 'export-ready-phone');

  const downloading = page.waitForEvent('download');
  await link.click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^deliveries-[\d-]+\.csv$/);
  const csv = fs.readFileSync((await download.path())!, 'utf8');
  const lines = csv.trimEnd().split('\r\n');
  expect(lines[0]).toContain('id,created_at,integration,source,type,contact');
  expect(lines).toHaveLength(1 + 8);
  for (let i = 1; i <= 8; i++) expect(csv).toContain(`exp${i}-${token}@example.com`);
  expect(findLeaks(csv, await forbiddenStrings())).toEqual([]);
});

test('a small CSV downloads at once; a filter matching nothing says so and starts nothing', async ({
  page,
}) => {
  await page.goto(`/deliveries?type=CART&q=${token}`);
  await expect(page.getByRole('table').locator('tbody').getByRole('row')).toHaveCount(2);
  await page.setViewportSize({ width: 390, height: 844 });
  await page.getByRole('button', { name: 'Download…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Download deliveries' });
  await expect(dialog.getByText('2 deliveries match. The file downloads at once.')).toBeVisible();
  await expectAccessible(page, 'export dialog, small export');
  await snap(page, 'export-dialog-small-phone');
  const href = await dialog.getByRole('link', { name: 'Download CSV' }).getAttribute('href');
  expect(href).toBe(`/api/deliveries/export?type=CART&q=${token}`);
  // JSON Lines always goes through a job (the direct download is CSV only).
  await dialog.getByRole('radio', { name: /JSON Lines/ }).check();
  await expect(dialog.getByRole('button', { name: 'Prepare 2 deliveries' })).toBeVisible();
  await dialog.getByRole('button', { name: 'Cancel' }).click();

  const jobs = await exportJobs();
  const files = exportFiles();
  await page.goto(`/deliveries?q=nomatch-${token}`);
  await page.getByRole('button', { name: 'Download…' }).click();
  await expect(
    page.getByRole('dialog').getByText('Nothing matches these filters, so there is nothing to download.'),
  ).toBeVisible();
  await expectAccessible(page, 'export dialog, nothing matches');
  await snap(page, 'export-nothing-phone');
  await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();
  expect(await exportJobs()).toBe(jobs);
  expect(exportFiles()).toEqual(files);
});

test('the export API: JSON Lines for its owner only, clear 4xx for bad input, nothing written', async ({
  request,
  playwright,
}) => {
  // Direct CSV above the threshold: refused before anything streams, with where to go instead.
  const big = await request.get(`/api/deliveries/export?q=${token}`);
  expect(big.status()).toBe(409);
  expect((await big.json()).error.message).toMatch(
    /match 8 deliveries, more than the 5 .*POST \/api\/exports/,
  );

  const preview = await request.post('/api/exports/preview', { data: { filters: { q: token } } });
  expect(await preview.json()).toEqual({ count: 8, directMaxRows: 5 });

  const started = await request.post('/api/exports', {
    data: { filters: { q: token, type: 'CART' }, format: 'jsonl' },
  });
  expect(started.status()).toBe(202);
  const { job } = (await started.json()) as { job: { id: number } };
  await expect
    .poll(async () => (await (await request.get(`/api/jobs/${job.id}`)).json()).status)
    .toBe('succeeded');
  const file = await request.get(`/api/exports/${job.id}/download`);
  expect(file.headers()['content-type']).toContain('application/x-ndjson');
  const rows = (await file.text())
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l) as { type: string; contact: string });
  expect(rows.map((r) => r.type)).toEqual(['CART', 'CART']);
  expect(rows[0]!.contact).toBe(`exp8-${token}@example.com`);

  // Someone else (even an admin's colleague) does not learn that the export exists.
  const marketer = await apiAs(playwright, 'marketer');
  expect((await marketer.get(`/api/exports/${job.id}/download`)).status()).toBe(404);
  expect((await marketer.post(`/api/exports/${job.id}/cancel`)).status()).toBe(404);
  await marketer.dispose();

  const jobs = await exportJobs();
  const files = exportFiles();
  for (const [data, status] of [
    [{ filters: { q: `nomatch-${token}` }, format: 'csv' }, 422],
    [{ filters: { q: token }, format: 'xml' }, 422],
    [{ filters: { q: token }, format: 'csv', constructor: 'x' }, 422],
    [{ filters: { status: 'nope' }, format: 'csv' }, 422],
    [{ filters: 'q=x', format: 'csv' }, 422],
    [{ filters: { q: 'x' }, format: 'csv' }, 422],
  ] as const) {
    const res = await request.post('/api/exports', { data });
    expect(res.status(), JSON.stringify(data)).toBe(status);
    const body = await res.json();
    expect(body.error).toMatchObject({ code: 'validation_failed', message: expect.any(String) });
  }
  const empty = await request.post('/api/exports', {
    data: { filters: { q: `nomatch-${token}` }, format: 'csv' },
  });
  expect((await empty.json()).error.message).toBe(
    'Nothing matches these filters: there is nothing to export.',
  );
  const unparsable = await request.post('/api/exports', {
    headers: { 'content-type': 'application/json' },
    data: Buffer.from('{"filters":'),
  });
  expect(unparsable.status()).toBe(400);
  const crossSite = await request.post('/api/exports', {
    headers: { origin: 'https://evil.example.net', 'sec-fetch-site': 'cross-site' },
    data: { filters: { q: token }, format: 'csv' },
  });
  expect(crossSite.status()).toBe(403);
  for (const id of ['0x1', '%25', '-1', '999999'])
    expect([400, 404], id).toContain((await request.get(`/api/exports/${id}/download`)).status());
  expect(await exportJobs()).toBe(jobs);
  expect(exportFiles()).toEqual(files);
});
