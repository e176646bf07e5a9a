import type { Page } from '@playwright/test';

import { sandboxIntegrationId } from './support/api';
import { deliveryCount } from './support/db';
import { expect, test } from './support/fixtures';
import { startStaticServer } from './support/static-server';

const page = (head: string, body: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Shop</title>${head}</head><body><h1>Shop</h1>${body}</body></html>`;

/** Copies the event snippet of one type from the console's screen, as a developer would. */
async function copyEventSnippet(p: Page, integrationId: number, type: string): Promise<string> {
  await p.goto(`/integrations/${integrationId}/collector`);
  await p.getByLabel('Event type').selectOption(type);
  await expect(p.getByLabel(`${type} event snippet`)).toContainText(`type: '${type}'`);
  await p.getByRole('button', { name: 'Copy snippet' }).click();
  const text = await p.evaluate(() => navigator.clipboard.readText());
  expect(text).toContain(`type: '${type}'`);
  return text;
}

/**
 * Opens a shop page and returns the collector's answer to the event its snippet sends. A refused
 * cross-origin answer never reaches page scripts (CORS), so the request is watched at the network layer:
 * Playwright passes it on to the console unchanged and notes the status.
 */
async function collectAnswer(p: Page, url: string): Promise<number> {
  let resolve!: (status: number) => void;
  const answer = new Promise<number>((r) => (resolve = r));
  await p.route('**/api/collect/**', async (route) => {
    if (route.request().method() !== 'POST') return route.continue();
    const response = await route.fetch();
    resolve(response.status());
    await route.fulfill({ response });
  });
  await p.goto(url);
  const status = await answer;
  await p.unrouteAll({ behavior: 'wait' });
  return status;
}

test('a shop page with the monitoring code and a pasted PURCHASE snippet delivers the order to the sandbox', async ({
  page,
  browser,
  consoleErrors,
}) => {
  test.setTimeout(90_000);
  // The refusals below (a site not allowed, a type not allowed) are the collector's 403s, logged by Chromium.
  consoleErrors.allow(
    /\/api\/collect\/ck_[\w-]+: Failed to load resource: the server responded with a status of 403 /,
  );
  const id = await sandboxIntegrationId(page.request);
  const shop = await startStaticServer();
  const stranger = await startStaticServer();
  try {
    const res = await page.request.patch(`/api/integrations/${id}`, {
      data: {
        collector: {
          enabled: true,
          allowedOrigins: [shop.origin],
          allowedTypes: ['CART', 'VISIT', 'LOGIN', 'OTHER', 'PURCHASE'],
        },
      },
    });
    expect(res.status()).toBe(200);

    const monitoring = (await (await page.request.get(`/api/integrations/${id}/snippet`)).json())
      .html as string;
    const purchase = await copyEventSnippet(page, id, 'PURCHASE');
    const cancellation = await copyEventSnippet(page, id, 'CANCELLATION');
    for (const server of [shop, stranger]) {
      server.set('/', page_(monitoring, ''));
      server.set('/thank-you', page_(monitoring, purchase));
      server.set('/cancelled', page_(monitoring, cancellation));
    }

    // A fresh visitor in their own browser: the first page view lets sm.js identify them (smclient).
    const visitor = await browser.newContext();
    const tab = await visitor.newPage();
    await tab.goto(shop.url('/'));
    await expect
      .poll(async () => (await visitor.cookies(shop.origin)).some((c) => c.name === 'smclient'))
      .toBe(true);

    const before = await deliveryCount();
    const shopOrigin = shop.origin;
    expect(await collectAnswer(tab, shop.url('/thank-you'))).toBe(202);
    await expect
      .poll(async () => {
        const items = (
          await (await page.request.get('/api/deliveries?source=website&type=PURCHASE&limit=1')).json()
        ).items;
        return items[0] && { status: items[0].status, origin: items[0].origin, pageUrl: items[0].pageUrl };
      })
      .toEqual({ status: 'succeeded', origin: shopOrigin, pageUrl: `${shopOrigin}/thank-you` });
    expect(await deliveryCount()).toBe(before + 1);

    // The same page on a site that is not allowed: refused, nothing recorded.
    await tab.goto(stranger.url('/'));
    expect(await collectAnswer(tab, stranger.url('/thank-you'))).toBe(403);
    // A type the collector does not accept: refused, nothing recorded.
    expect(await collectAnswer(tab, shop.url('/cancelled'))).toBe(403);
    expect(await deliveryCount()).toBe(before + 1);
    await visitor.close();

    // And the history shows it as succeeded, from the website.
    await page.goto('/deliveries?source=website&type=PURCHASE');
    await expect(page.getByRole('table').getByText('Succeeded').first()).toBeVisible();
  } finally {
    await shop.close();
    await stranger.close();
  }
});

function page_(monitoring: string, snippet: string): string {
  return page('', `${monitoring}\n${snippet}`);
}
