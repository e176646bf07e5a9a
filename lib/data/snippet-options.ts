import 'server-only';
import { eq } from 'drizzle-orm';
import { z } from 'zod';

import { getDb, schema } from '@/db';
import { ConflictError, ValidationError } from '@/lib/errors';
import { parseAllowHosts } from '@/lib/net/allow-hosts';
import { safeFetch, SafeFetchError } from '@/lib/net/safe-fetch';
import { renderMonitoringCode, renderSmClientIdLine, smJsUrl } from '@/lib/salesmanago/monitoring-code';
import { checkSnippet, type CheckSnippetResult } from '@/lib/salesmanago/snippet-check';
import { fieldErrorsOf } from '@/lib/validations/common';
import { parseOrThrow } from '@/lib/validations/parse';
import { parseSnippetQuery, snippetOptionsSchema, type SnippetOptions } from '@/lib/validations/snippet';
import { getIntegrationRow } from './integrations';

/**
 * An integration's monitoring code: its saved options, the code rendered from them, and the check
 * of a pasted or fetched copy against it.
 */

type IntegrationRow = ReturnType<typeof getIntegrationRow>;

export interface SnippetView {
  html: string;
  /** The options the code was rendered with (saved ones, or those the query asked for). */
  options: SnippetOptions;
  /** Where the code loads sm.js from (for the sandbox, the console's own stand-in). */
  smJsUrl: string;
  /** With `clientIdPlaceholder`: the line the site prints for a logged-in visitor, to show how. */
  clientIdLine?: string;
}

/** Stands for the visitor's contact ID in the `_smclientid` example. */
export const CONTACT_ID_PLACEHOLDER = 'CONTACT_ID';

export interface SnippetCheckView extends CheckSnippetResult {
  source?: { url: string; finalUrl: string; bytes: number };
}

export const DEFAULT_SNIPPET_OPTIONS: SnippetOptions = snippetOptionsSchema.parse({});

/** Query parameters that pick options; `format` alone keeps the saved options in that format. */
const OPTION_PARAMS = ['smapp', 'smcustom', 'smbanners', 'clt', 'smclientid', 'popups', 'cmd'];

/** A pasted page is read whole; the same cap as a fetched one. */
export const MAX_CHECK_SOURCE_BYTES = 2 * 1024 * 1024;

function storedOptions(row: IntegrationRow): SnippetOptions {
  // Options saved under an older schema fall back to the defaults rather than break the screen.
  const parsed = snippetOptionsSchema.safeParse(row.snippetOptions ?? {});
  return parsed.success ? parsed.data : DEFAULT_SNIPPET_OPTIONS;
}

/** The generator refuses settings it cannot print safely; say so as the integration's problem. */
function fromSettings<T>(make: () => T): T {
  try {
    return make();
  } catch (err) {
    if (!(err instanceof TypeError)) throw err;
    throw new ConflictError(
      `The monitoring code cannot be made from this integration's settings: ${err.message} Fix them on the Settings tab.`,
    );
  }
}

function render(row: IntegrationRow, options: SnippetOptions): string {
  return fromSettings(() =>
    renderMonitoringCode({ clientId: row.clientId, endpoint: row.endpoint, options }),
  );
}

export function getSnippetOptions(integrationId: number): SnippetOptions {
  return storedOptions(getIntegrationRow(integrationId));
}

export function saveSnippetOptions(integrationId: number, input: unknown): SnippetOptions {
  getIntegrationRow(integrationId);
  const options = parseOrThrow(snippetOptionsSchema, input);
  getDb()
    .update(schema.integrations)
    .set({ snippetOptions: options })
    .where(eq(schema.integrations.id, integrationId))
    .run();
  return options;
}

/** The code with the saved options, or with the options named in `query` (GET …/snippet?…). */
export function getSnippet(integrationId: number, query = new URLSearchParams()): SnippetView {
  const row = getIntegrationRow(integrationId);
  const saved = storedOptions(row);
  const parsed = parseSnippetQuery(query);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
    throw new ValidationError(
      `The snippet options in the address are not valid (${where}${issue?.message ?? 'invalid value'})`,
      fieldErrorsOf(parsed.error),
    );
  }
  const options = OPTION_PARAMS.some((name) => query.has(name))
    ? parsed.data
    : query.has('format')
      ? { ...saved, format: parsed.data.format }
      : saved;
  return {
    html: render(row, options),
    options,
    smJsUrl: fromSettings(() => smJsUrl(row.endpoint)),
    ...(options.clientIdPlaceholder ? { clientIdLine: renderSmClientIdLine(CONTACT_ID_PLACEHOLDER) } : {}),
  };
}

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
  const row = getIntegrationRow(integrationId);
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
  return { ...result, source: { url: page.url, finalUrl: page.finalUrl, bytes: page.bytes } };
}
