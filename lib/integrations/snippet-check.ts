import 'server-only';
import { z } from 'zod';

import { clockNow } from '@/lib/clock';
import { recordCodeSeen } from '@/lib/data/installation';
import { getIntegrationRow } from '@/lib/data/integrations';
import { fromSettings, storedOptions } from '@/lib/data/snippet-options';
import { ValidationError } from '@/lib/errors';
import { parseAllowHosts } from '@/lib/net/allow-hosts';
import { safeFetch, SafeFetchError } from '@/lib/net/safe-fetch';
import { checkSnippet, type CheckSnippetResult } from '@/lib/salesmanago/snippet-check';
import { parseOrThrow } from '@/lib/validations/parse';
import { snippetOptionsSchema } from '@/lib/validations/snippet';

/**
 * The monitoring-code check: pasted code, or a page fetched from the internet, read against the code the
 * integration's settings make (lib/data/snippet-options.ts). It calls out of the process, so it is not
 * lib/data's.
 */

export interface SnippetCheckView extends CheckSnippetResult {
  source?: { url: string; finalUrl: string; bytes: number };
}

/** A pasted page is read whole; the same cap as a fetched one. */
export const MAX_CHECK_SOURCE_BYTES = 2 * 1024 * 1024;

const checkRequestSchema = z
  .strictObject({
    html: z
      .string({ error: 'The pasted code must be text.' })
      .max(MAX_CHECK_SOURCE_BYTES, { error: 'The pasted text is longer than 2 MB; paste only the code.' })
      .optional(),
    url: z
      .string({ error: 'The page address must be text.' })
      .trim()
      .max(2048, { error: 'The page address is longer than 2,048 characters.' })
      .optional(),
    /** The options the screen shows; the saved ones when absent. */
    options: snippetOptionsSchema.optional(),
  })
  .superRefine((body, ctx) => {
    if (body.html !== undefined && body.url !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['_'],
        message: 'Send either the code (html) or a page address (url), not both.',
      });
    } else if (body.url !== undefined && body.url === '') {
      ctx.addIssue({
        code: 'custom',
        path: ['url'],
        message: 'Enter the address of a page with the code, like https://shop.example.com/.',
      });
    } else if (body.url === undefined && !body.html?.trim()) {
      ctx.addIssue({
        code: 'custom',
        path: ['html'],
        message: 'Paste the monitoring code (or the whole page source) to check it.',
      });
    }
  });

export interface SnippetCheckContext {
  /** `SNIPPET_FETCH_ALLOW_HOSTS`: hosts the page fetcher may reach although they are not public. */
  allowHosts?: string;
}

/** Checks pasted code (`{html}`) or a page fetched from the internet (`{url}`) against the settings. */
export async function checkIntegrationSnippet(
  integrationId: number,
  input: unknown,
  context: SnippetCheckContext = {},
): Promise<SnippetCheckView> {
  const row = await getIntegrationRow(integrationId);
  const body = parseOrThrow(checkRequestSchema, input);
  const expected = {
    clientId: row.clientId,
    endpoint: row.endpoint,
    options: body.options ?? storedOptions(row),
  };
  if (body.url === undefined) {
    return fromSettings(() => checkSnippet({ source: body.html ?? '', expected }));
  }
  let page;
  try {
    page = await safeFetch(body.url, { allowHosts: parseAllowHosts(context.allowHosts) });
  } catch (err) {
    if (err instanceof SafeFetchError) throw new ValidationError(err.message, { url: [err.message] });
    throw err;
  }
  const result = fromSettings(() => checkSnippet({ source: page.body, expected }));
  // The code is on the page (even with problems): a real account's only sign that it is installed, so
  // "monitoring code gone" can tell when it disappears (lib/jobs/installation-checks.ts looks again).
  if (result.scriptsFound > 0 && !row.isSandbox)
    await recordCodeSeen(integrationId, page.finalUrl, clockNow());
  return { ...result, source: { url: page.url, finalUrl: page.finalUrl, bytes: page.bytes } };
}
