import type { Page } from '@playwright/test';

/**
 * Turns on "Technical details" (sha, cURL, HTTP status, origins), which a marketer sees only on demand.
 * Remembered per user in the browser, so it stays on for the rest of the test's context.
 */
export async function showTechnicalDetails(page: Page): Promise<void> {
  await page.getByRole('switch', { name: 'Technical details' }).check();
}
