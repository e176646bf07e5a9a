import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { APIRequestContext, Page } from '@playwright/test';

import { sandboxIntegrationId } from './support/api';
import { consoleNumber } from './support/db';
import { DATA_DIR, PORT, storageStatePath } from './support/env';
import { expect, expectAccessible, snap, test } from './support/fixtures';

const GOOD = 8;
// Last year's orders as a Polish shop exports them: BOM, semicolons, CRLF, comma decimals, a quoted
// product list with the separator inside, dates without a zone (read in the browser's Europe/Warsaw).
function ordersCsv(): string {
  const rows = Array.from(
    { length: GOOD },
    (_, i) =>
      `backfill${i + 1}@example.com;ORD-2025-${1000 + i};${129 + i},90;2025-0${(i % 9) + 1}-14 09:30;"SKU-${i};SKU-X"`,
  );
  rows.splice(3, 0, 'not-an-email;ORD-2025-2001;10,00;2025-03-01 10:00;SKU-1');
  rows.splice(6, 0, 'late@example.com;ORD-2025-2002;10,00;yesterday;SKU-2');
  rows.push('cheap@example.com;ORD-2025-2003;12.5;2025-03-01 10:00;SKU-3');
  return `\uFEFFE-mail;Order number;Total;Date;Products\r\n${rows.join('\r\n')}\r\n`;
}

async function backfillDeliveries(request: APIRequestContext) {
  const res = await request.get('/api/deliveries?source=backfill&limit=200');
  expect(res.status()).toBe(200);
  return (await res.json()).items as Array<Record<string, unknown> & { status: string }>;
}

const jobCount = () => consoleNumber("select count(*) as n from jobs where kind = 'backfill'");
const uploads = () => {
  const dir = path.join(DATA_DIR, 'uploads');
  return fs.existsSync(dir) ? fs.readdirSync(dir) : [];
};

async function uploadThroughScreen(page: Page, name: string, csv: string | Buffer) {
  await page.goto('/backfill');
  await page.getByLabel('Integration', { exact: true }).selectOption({ label: 'Sandbox' });
  await page.getByLabel('CSV file').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await expect(page.getByText(`Chosen: ${name}`)).toBeVisible();
  await page.getByRole('button', { name: 'Upload and check' }).click();
  await expect(page).toHaveURL(/\/backfill\?job=\d+$/);
  return Number(new URL(page.url()).searchParams.get('job'));
}

test('a CSV with a few bad rows is previewed row by row, imported with a progress bar, and delivered', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const integrationId = await sandboxIntegrationId(page.request);
  await page.goto('/backfill');
  await expect(page.getByRole('heading', { name: 'Backfill', level: 1 })).toBeVisible();
  await expect(page.getByText('No imports yet.')).toBeVisible();
  await expectAccessible(page, 'on the upload step');
  await snap(page, 'backfill-upload');

  const jobId = await uploadThroughScreen(page, 'orders-2025.csv', ordersCsv());
  // The mapping is suggested from the header names, the comma decimals from the values.
  await expect(page.getByLabel('Email', { exact: true })).toHaveValue('column:E-mail');
  await expect(page.getByLabel('Order number', { exact: true })).toHaveValue('column:Order number');
  await expect(page.getByLabel('Date', { exact: true })).toHaveValue('column:Date');
  await expect(page.getByLabel('Event type for every row')).toHaveValue('PURCHASE');
  await expect(page.getByLabel('Separator', { exact: true })).toHaveValue(';');
  await expect(page.getByLabel('Decimal separator', { exact: true })).toHaveValue('comma');

  const rows = page.getByRole('region', { name: /^First \d+ rows$/ });
  await expect(rows.getByRole('row')).toHaveCount(GOOD + 3 + 1);
  await expect(rows.getByRole('row', { name: /^5 / })).toContainText(
    '"not-an-email" is not a valid email address.',
  );
  await expect(rows.getByRole('row', { name: /^8 / })).toContainText('Date "yesterday" is not a date format');
  await expect(rows.getByRole('row', { name: /^12 / })).toContainText(
    'you chose the comma as decimal separator',
  );
  await expect(rows.getByRole('row', { name: /^2 / })).toContainText('✓ Valid');
  await expect(rows.getByRole('row', { name: /^2 / })).toContainText('14 Jan 2025, 09:30');
  await expect(page.getByText('Ready to import').locator('..')).toContainText(String(GOOD));
  await expect(page.getByText('With errors', { exact: true }).locator('..')).toContainText('3');
  await expect(
    page.getByRole('list', { name: 'Problems in the whole file, by line' }).getByRole('listitem'),
  ).toHaveCount(3);
  expect(await backfillDeliveries(page.request)).toEqual([]);
  await expectAccessible(page, 'on the mapping step');
  await snap(page, 'backfill-mapping');

  // A slashed date is refused until the order of day and month is chosen.
  await page.getByLabel('Date', { exact: true }).selectOption('constant');
  await page.getByLabel('Date: fixed value').fill('03/04/2025');
  await expect(rows.getByRole('row', { name: /^2 / })).toContainText(
    'choose whether the day or the month comes first',
  );
  await page.getByLabel('Dates with slashes').selectOption('day-first');
  await expect(rows.getByRole('row', { name: /^2 / })).toContainText('3 Apr 2025, 00:00');
  await page.getByLabel('Date', { exact: true }).selectOption('column:Date');
  await page.getByLabel('Dates with slashes').selectOption('unset');

  await page.getByRole('button', { name: `Import ${GOOD} rows…` }).click();
  await page
    .getByRole('dialog')
    .getByRole('button', { name: `Import and send ${GOOD} rows` })
    .click();
  const bar = page.getByRole('progressbar', { name: 'Import progress' });
  await expect(bar).toHaveAttribute('aria-valuenow', '100');
  await expect(page.getByText(`${GOOD} rows imported, 3 rows with errors skipped.`)).toBeVisible();
  await expect(page.getByRole('link', { name: 'See them in the history' })).toHaveAttribute(
    'href',
    `/deliveries?integrationId=${integrationId}&source=backfill`,
  );
  await expect(
    page.getByRole('list', { name: 'Rows not imported, by line' }).getByRole('listitem'),
  ).toHaveCount(3);

  // The sandbox creates contacts on single sends; every imported row ends up accepted.
  await expect
    .poll(async () => (await backfillDeliveries(page.request)).map((d) => d.status), { timeout: 60_000 })
    .toEqual(Array(GOOD).fill('succeeded'));
  const delivered = await backfillDeliveries(page.request);
  const first = delivered.find((d) => d.externalId === 'ORD-2025-1000')!;
  expect(first).toMatchObject({
    source: 'backfill',
    type: 'PURCHASE',
    contact: 'backfill1@example.com',
    value: 129.9,
    eventDate: Date.parse('2025-01-14T08:30:00Z'),
    products: 'SKU-0,SKU-X',
    integrationId,
  });
  await expect(page.getByText(`Sending to SALESmanago: ${GOOD} accepted`)).toBeVisible({ timeout: 15_000 });
  await expectAccessible(page, 'on the import step');
  await snap(page, 'backfill-done');

  // In the history, last year's orders read as last year's: the event's own date beside the send time.
  await page.goto(`/deliveries?integrationId=${integrationId}&source=backfill`);
  await expect(page.getByRole('table').getByText('happened 14 Jan 2025, 09:30')).toBeVisible();
  await expectAccessible(page, 'on the history with imported orders');
  await snap(page, 'history-event-dates');
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(
    page.getByRole('list', { name: 'Deliveries, newest first' }).getByText('happened 14 Jan 2025, 09:30'),
  ).toBeVisible();
  await snap(page, 'history-event-dates-phone');
  await page.setViewportSize({ width: 1280, height: 720 });

  // The same file again: every good order is already there and is skipped, row by row.
  const again = await page.request.post(`/api/backfill?integrationId=${integrationId}&filename=again.csv`, {
    headers: { 'content-type': 'text/csv' },
    data: Buffer.from(ordersCsv()),
  });
  expect(again.status()).toBe(201);
  const job = await again.json();
  const plan = {
    mapping: job.suggested.mapping,
    options: { delimiter: ';', header: true, timeZone: 'Europe/Warsaw', decimal: 'comma' },
  };
  const preview = await (await page.request.post(`/api/backfill/${job.id}/preview`, { data: plan })).json();
  expect(preview.counts).toEqual({ rows: GOOD + 3, valid: 0, invalid: 3, duplicates: GOOD });
  expect(preview.problems[0].message).toMatch(/PURCHASE ORD-2025-1000 was already sent to this integration/);

  // Started once only; the started job's file is gone when it ends.
  const twice = await page.request.post(`/api/backfill/${jobId}/start`, { data: plan });
  expect(twice.status()).toBe(409);
  expect((await twice.json()).error.code).toBe('conflict');
  expect(uploads()).not.toContain(`${jobId}.csv`);
  expect((await page.request.delete(`/api/backfill/${job.id}`)).status()).toBe(204);
  expect(uploads()).not.toContain(`${job.id}.csv`);
});

test('a column left unmapped is named before the import, and the rejected rows download with their reasons', async ({
  page,
}) => {
  const csv = [
    'email,order,total,currency,date',
    'ok1@example.com,U-1,249.99,PLN,2025-05-01T10:00:00Z',
    'not-an-email,U-2,10.00,PLN,2025-05-02T10:00:00Z',
    'ok2@example.com,U-3,12.00,EUR,yesterday',
  ].join('\n');
  // The integration calls its detail9 "Currency": the mapping uses that name, not "Detail 9".
  const integrationId = await sandboxIntegrationId(page.request);
  const labelsUrl = `/api/integrations/${integrationId}/detail-labels`;
  const { labels } = await (await page.request.get(labelsUrl)).json();
  expect((await page.request.put(labelsUrl, { data: { ...labels, detail9: 'Currency' } })).status()).toBe(
    200,
  );
  // A template to start from, offered on the upload step.
  await page.goto('/backfill');
  const [template] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Download a template CSV' }).click(),
  ]);
  expect(template.suggestedFilename()).toBe('backfill-template.csv');
  expect(fs.readFileSync((await template.path())!, 'utf8')).toMatch(
    /^Type,Email,Date,Order number,Total,Products,Description\r\nPURCHASE,/,
  );
  await uploadThroughScreen(page, 'unmapped.csv', `${csv}\n`);
  const warning = page.getByRole('status').filter({ hasText: 'will not be imported: currency' });
  await expect(warning).toContainText('1 column of the file will not be imported: currency.');
  await expectAccessible(page, 'on the mapping step with an unmapped column');
  await snap(page, 'backfill-unmapped');
  await page.setViewportSize({ width: 390, height: 844 });
  await snap(page, 'backfill-unmapped-phone');
  await page.setViewportSize({ width: 1280, height: 720 });

  const downloadButton = page.getByRole('button', { name: 'Download the 2 rows not imported (CSV)' });
  const [download] = await Promise.all([page.waitForEvent('download'), downloadButton.click()]);
  expect(download.suggestedFilename()).toMatch(/^import-\d+-rejected-rows\.csv$/);
  const text = fs.readFileSync((await download.path())!, 'utf8');
  const lines = text.trim().split('\r\n');
  expect(lines[0]).toBe('Line,email,order,total,currency,date,Why it was not imported');
  expect(lines).toHaveLength(3);
  // The reason is a quoted CSV cell, its own quotes doubled.
  expect(lines[1]).toBe(
    '3,not-an-email,U-2,10.00,PLN,2025-05-02T10:00:00Z,"""not-an-email"" is not a valid email address."',
  );
  expect(lines[2]).toMatch(/^4,ok2@example\.com,U-3,12\.00,EUR,yesterday,"Date ""yesterday"" is not/);

  // Bad input to the download answers in the house error shape, never 500.
  const jobId = Number(new URL(page.url()).searchParams.get('job'));
  const bad = await page.request.post(`/api/backfill/${jobId}/rejected`, { data: { mapping: 'nope' } });
  expect(bad.status()).toBe(422);
  expect((await bad.json()).error).toMatchObject({ code: 'validation_failed' });
  expect((await page.request.post('/api/backfill/999999/rejected', { data: {} })).status()).toBeLessThan(500);

  // Mapping the column into a detail field clears the warning; the start asks once more with the counts.
  await page.getByText(/^Detail fields 1–20/).click();
  await page.getByLabel('Currency', { exact: true }).selectOption('column:currency');
  await expect(warning).toHaveCount(0);
  await page.getByRole('button', { name: 'Import 1 row…' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText('2 rows will not be imported (2 with errors, 0 already sent)');
  await expectAccessible(page, 'on the import confirmation');
  await snap(page, 'backfill-confirm');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  expect(await backfillDeliveries(page.request)).not.toContainEqual(
    expect.objectContaining({ externalId: 'U-1' }),
  );
});

test('a big import can be cancelled between chunks; what was imported stays and is sent', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const total = 60_000;
  const lines = ['email,order_id,amount,created_at'];
  for (let i = 0; i < total; i++) {
    // A few contacts only: after their first single send the sandbox knows them, so batches go through.
    lines.push(`cancel${i % 20}@example.com,C-${i},${(i % 500) + 0.5},${1735689600 + i * 60}`);
  }
  const jobId = await uploadThroughScreen(page, 'big.csv', `${lines.join('\n')}\n`);
  await expect(
    page.getByRole('button', { name: `Import ${total.toLocaleString('en-US')} rows…` }),
  ).toBeEnabled({
    timeout: 30_000,
  });
  await page.getByRole('button', { name: `Import ${total.toLocaleString('en-US')} rows…` }).click();
  await page
    .getByRole('dialog')
    .getByRole('button', { name: `Import and send ${total.toLocaleString('en-US')} rows` })
    .click();
  await page.getByRole('button', { name: 'Cancel import' }).click();
  await expect(page.getByText(/^Cancelled after [\d,]+ rows of 60,000/)).toBeVisible({ timeout: 30_000 });
  await snap(page, 'backfill-cancelled');

  const job = await (await page.request.get(`/api/backfill/${jobId}`)).json();
  expect(job.status).toBe('cancelled');
  expect(job.processed).toBeLessThan(total);
  expect(job.processed % 500).toBe(0);
  expect(job.imported).toBe(job.processed);
  const written = await consoleNumber("select count(*) as n from deliveries where external_id like 'C-%'");
  expect(written).toBe(job.imported);
  expect(uploads()).not.toContain(`${jobId}.csv`);

  // What was imported is sent (and the worker is idle again for the specs after this one).
  await expect
    .poll(
      async () => (await (await page.request.get(`/api/backfill/${jobId}`)).json()).deliveries.succeeded,
      {
        timeout: 90_000,
      },
    )
    .toBe(job.imported);
});

/** A request that only announces a body size, to see the upload refused before anything is read. */
function declareHugeUpload(cookie: string, integrationId: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request({
      host: '127.0.0.1',
      port: PORT,
      method: 'POST',
      path: `/api/backfill?integrationId=${integrationId}`,
      headers: { cookie, 'content-type': 'text/csv', 'content-length': String(200 * 1024 * 1024) },
    });
    req.on('response', (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
      req.destroy();
    });
    req.on('error', reject);
    req.write('email\n');
  });
}

test('bad uploads answer 4xx in the house shape and write nothing', async ({ page, browser }) => {
  const integrationId = await sandboxIntegrationId(page.request);
  const jobsBefore = await jobCount();
  const filesBefore = uploads();
  const post = (query: string, data: Buffer | string, contentType = 'text/csv') =>
    page.request.post(`/api/backfill${query}`, {
      headers: { 'content-type': contentType },
      data: Buffer.from(data),
    });
  const q = `?integrationId=${integrationId}`;
  const cases: Array<[string, () => ReturnType<typeof post>, number, string]> = [
    [
      'an Excel workbook',
      () => post(q, Buffer.from('PK\x03\x04\x14\x00\x06\x00', 'latin1')),
      422,
      'validation_failed',
    ],
    ['binary data', () => post(q, Buffer.from([0x65, 0x00, 0x01, 0x02])), 422, 'validation_failed'],
    ['JSON', () => post(q, '{"email":"a@example.com"}', 'application/json'), 415, 'unsupported_media_type'],
    ['an empty file', () => post(q, ''), 400, 'bad_request'],
    ['a header without rows', () => post(q, 'email;total\r\n'), 422, 'validation_failed'],
    [
      'an unknown integration',
      () => post('?integrationId=99999', 'email\na@example.com\n'),
      422,
      'validation_failed',
    ],
    ['no integration', () => post('', 'email\na@example.com\n'), 422, 'validation_failed'],
  ];
  for (const [what, send, status, code] of cases) {
    const res = await send();
    expect(res.status(), what).toBe(status);
    const body = await res.json();
    expect(body.error.code, what).toBe(code);
    expect(body.error.message.length, what).toBeGreaterThan(10);
  }
  const cookie = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
  expect(await declareHugeUpload(cookie, integrationId)).toBe(413);

  const viewer = await browser.newContext({ storageState: storageStatePath('viewer') });
  const refused = await viewer.request.post(`/api/backfill${q}`, {
    headers: { 'content-type': 'text/csv' },
    data: Buffer.from('email\na@example.com\n'),
  });
  expect(refused.status()).toBe(403);
  const viewerPage = await viewer.newPage();
  await viewerPage.goto('/backfill');
  await expect(viewerPage.getByRole('heading', { name: 'Your role does not allow this' })).toBeVisible();
  await expect(
    viewerPage.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Backfill' }),
  ).toHaveCount(0);
  await viewer.close();

  expect(await jobCount()).toBe(jobsBefore);
  expect(uploads()).toEqual(filesBefore);
});

test.describe('a marketer', () => {
  test.use({ storageState: storageStatePath('marketer') });

  test('finds the screen, and a bad mapping is refused without starting anything', async ({ page }) => {
    await page.goto('/integrations');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Backfill' }).click();
    await expect(page.getByRole('heading', { name: 'Backfill', level: 1 })).toBeVisible();

    const integrationId = await sandboxIntegrationId(page.request);
    const res = await page.request.post(`/api/backfill?integrationId=${integrationId}&filename=m.csv`, {
      headers: { 'content-type': 'text/csv' },
      data: Buffer.from('email,date\nm@example.com,2025-03-01\n'),
    });
    expect(res.status()).toBe(201);
    const job = await res.json();
    const options = { delimiter: ',', header: true, timeZone: 'UTC' };
    for (const [what, data, field] of [
      [
        'no type',
        { mapping: { email: { column: 'email' }, date: { column: 'date' } }, options },
        'mapping.type',
      ],
      [
        'a missing column',
        { mapping: { ...job.suggested.mapping, email: { column: 'mail' } }, options },
        'mapping.email',
      ],
      [
        'a wrong zone',
        { mapping: job.suggested.mapping, options: { ...options, timeZone: 'Mars/Base' } },
        'options.timeZone',
      ],
    ] as const) {
      const start = await page.request.post(`/api/backfill/${job.id}/start`, { data });
      expect(start.status(), what).toBe(422);
      expect(Object.keys((await start.json()).error.fieldErrors), what).toContain(field);
    }
    const after = await (await page.request.get(`/api/backfill/${job.id}`)).json();
    expect(after).toMatchObject({ status: 'pending', plan: null, processed: 0 });

    const cancelled = await page.request.post(`/api/backfill/${job.id}/cancel`);
    expect(await cancelled.json()).toMatchObject({ status: 'cancelled' });
    expect(uploads()).not.toContain(`${job.id}.csv`);
    expect(
      (
        await page.request.post(`/api/backfill/${job.id}/preview`, { data: { mapping: {}, options } })
      ).status(),
    ).toBe(409);
  });
});
