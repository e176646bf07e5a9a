/**
 * Options of the website monitoring code (salesmanago.md §1.2), shared by the snippet screen,
 * `GET /api/integrations/:id/snippet` and the snippet checker.
 */
import { z } from 'zod';
import { canonicalSmCommand, MAX_SM_COMMAND_LENGTH } from '@/lib/salesmanago/monitoring-code/sm-command';

export const SNIPPET_FORMATS = ['readable', 'minified'] as const;
export const MAX_EXTRA_COMMANDS = 10;
/** SALESmanago's own default contact-cookie lifetime is 10 years; longer makes no sense. */
export const MAX_COOKIE_LIFETIME_DAYS = 3650;

/**
 * One extra `sm(...)` line. The output is the command re-written from its syntax tree
 * (see sm-command.ts), so what reaches the page is plain data however the input was spelled.
 */
export const smCommandSchema = z
  .string()
  .trim()
  .min(1, 'The command is empty.')
  .max(MAX_SM_COMMAND_LENGTH, `A command can be at most ${MAX_SM_COMMAND_LENGTH} characters long.`)
  .transform((value, ctx) => {
    const result = canonicalSmCommand(value);
    if (!result.ok) {
      ctx.addIssue({ code: 'custom', message: result.message });
      return z.NEVER;
    }
    return result.code;
  });

export const snippetOptionsSchema = z.strictObject({
  /** `var _smapp = N;`: the account's application id, when SALESmanago gave one. */
  smapp: z
    .int('The application id must be a whole number.')
    .positive('The application id must be 1 or more.')
    .optional(),
  /** `var _smcustom = true;` */
  smcustom: z.boolean().default(false),
  /** `var _smbanners = true;` */
  smbanners: z.boolean().default(false),
  /** `var _smclt = N;`: lifetime of the contact cookie (`smclient`) in days. */
  cookieLifetimeDays: z
    .int('The cookie lifetime must be a whole number of days.')
    .min(1, 'The cookie lifetime must be at least 1 day.')
    .max(
      MAX_COOKIE_LIFETIME_DAYS,
      `The cookie lifetime can be at most ${MAX_COOKIE_LIFETIME_DAYS} days (10 years).`,
    )
    .optional(),
  /**
   * The site fills `var _smclientid = "<contact id>";` for logged-in visitors (as SALESmanago's
   * Magento module does). The value exists only on the site's server at page render time, so the
   * generated code never contains the line (an empty or fake value would be wrong for everyone):
   * this flag makes the screen show how to add it and tells the checker to expect it.
   */
  clientIdPlaceholder: z.boolean().default(false),
  /** The extra `<script src="{endpoint}/dynamic/{clientId}/popups.js">` for pop-ups. */
  popups: z.boolean().default(false),
  extraCommands: z
    .array(smCommandSchema)
    .max(MAX_EXTRA_COMMANDS, `At most ${MAX_EXTRA_COMMANDS} extra commands are allowed.`)
    .default([]),
  format: z.enum(SNIPPET_FORMATS).default('readable'),
});

export type SnippetOptions = z.output<typeof snippetOptionsSchema>;
export type SnippetOptionsInput = z.input<typeof snippetOptionsSchema>;
export type SnippetFormat = (typeof SNIPPET_FORMATS)[number];

const TRUE_FLAGS = new Set(['', '1', 'true', 'on', 'yes']);
const FALSE_FLAGS = new Set(['0', 'false', 'off', 'no']);

// `?popups` alone (empty value) means on, as a bare HTML boolean attribute does.
const queryFlag = z
  .string()
  .trim()
  .toLowerCase()
  .refine((value) => TRUE_FLAGS.has(value) || FALSE_FLAGS.has(value), 'Use 1 or 0.')
  .transform((value) => TRUE_FLAGS.has(value));

const queryInt = z
  .string()
  .trim()
  .regex(/^\d{1,10}$/, 'Use a whole number.')
  .transform(Number);

const shape = snippetOptionsSchema.shape;

/** Query parameters of `GET /api/integrations/:id/snippet`; issue paths name the parameters. */
export const snippetQuerySchema = z
  .object({
    smapp: queryInt.pipe(shape.smapp.unwrap()).optional(),
    smcustom: queryFlag.optional(),
    smbanners: queryFlag.optional(),
    clt: queryInt.pipe(shape.cookieLifetimeDays.unwrap()).optional(),
    smclientid: queryFlag.optional(),
    popups: queryFlag.optional(),
    cmd: shape.extraCommands,
    format: shape.format,
  })
  .transform((query): SnippetOptions => ({
    smapp: query.smapp,
    smcustom: query.smcustom ?? false,
    smbanners: query.smbanners ?? false,
    cookieLifetimeDays: query.clt,
    clientIdPlaceholder: query.smclientid ?? false,
    popups: query.popups ?? false,
    extraCommands: query.cmd,
    format: query.format,
  }));

/**
 * Reads snippet options from `smapp=1&smcustom=1&smbanners=1&clt=30&smclientid=1&popups=1&cmd=...&format=minified`
 * (`cmd` may repeat). Unknown parameters are ignored; an empty value counts as absent for numbers.
 */
export function parseSnippetQuery(searchParams: URLSearchParams): z.ZodSafeParseResult<SnippetOptions> {
  const single = (name: string): string | undefined => {
    const value = searchParams.get(name);
    return value === null ? undefined : value;
  };
  const number = (name: string): string | undefined => {
    const value = single(name);
    return value === undefined || value.trim() === '' ? undefined : value;
  };
  return snippetQuerySchema.safeParse({
    smapp: number('smapp'),
    smcustom: single('smcustom'),
    smbanners: single('smbanners'),
    clt: number('clt'),
    smclientid: single('smclientid'),
    popups: single('popups'),
    cmd: searchParams.getAll('cmd').filter((command) => command.trim() !== ''),
    format: single('format'),
  });
}
