import 'server-only';
import { eq } from 'drizzle-orm';

import { schema } from '@/db';
import { ConflictError, ValidationError } from '@/lib/errors';
import { renderMonitoringCode, renderSmClientIdLine, smJsUrl } from '@/lib/salesmanago/monitoring-code';
import { fieldErrorsOf } from '@/lib/validations/common';
import { parseOrThrow } from '@/lib/validations/parse';
import { parseSnippetQuery, snippetOptionsSchema, type SnippetOptions } from '@/lib/validations/snippet';
import { db } from './engine';
import { getIntegrationRow } from './integrations';

/**
 * An integration's monitoring code: its saved options and the code rendered from them. The check of a
 * pasted or fetched copy is lib/integrations/snippet-check.ts.
 */

type IntegrationRow = typeof schema.integrations.$inferSelect;

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

export const DEFAULT_SNIPPET_OPTIONS: SnippetOptions = snippetOptionsSchema.parse({});

/** Query parameters that pick options; `format` alone keeps the saved options in that format. */
const OPTION_PARAMS = ['smapp', 'smcustom', 'smbanners', 'clt', 'smclientid', 'popups', 'cmd'];

export function storedOptions(row: IntegrationRow): SnippetOptions {
  // Options saved under an older schema fall back to the defaults rather than break the screen.
  const parsed = snippetOptionsSchema.safeParse(row.snippetOptions ?? {});
  return parsed.success ? parsed.data : DEFAULT_SNIPPET_OPTIONS;
}

/** The generator refuses settings it cannot print safely; say so as the integration's problem. */
export function fromSettings<T>(make: () => T): T {
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

export async function getSnippetOptions(integrationId: number): Promise<SnippetOptions> {
  return storedOptions(await getIntegrationRow(integrationId));
}

export async function saveSnippetOptions(integrationId: number, input: unknown): Promise<SnippetOptions> {
  await getIntegrationRow(integrationId);
  const options = parseOrThrow(snippetOptionsSchema, input);
  await db()
    .update(schema.integrations)
    .set({ snippetOptions: options })
    .where(eq(schema.integrations.id, integrationId));
  return options;
}

/** The code with the saved options, or with the options named in `query` (GET …/snippet?…). */
export async function getSnippet(integrationId: number, query = new URLSearchParams()): Promise<SnippetView> {
  const row = await getIntegrationRow(integrationId);
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
