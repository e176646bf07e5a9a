import { z } from 'zod';

import { UNKNOWN_OUTCOME_CHOICES } from '@/lib/salesmanago/duplicates';
import { collectorSettingsSchema } from './collector';
import { displayName, email } from './common';

/**
 * SALESmanago client IDs are short lowercase alphanumerics (e.g. "95o3qh61adymeazk"). The value goes
 * into the monitoring code's JavaScript, so only these characters may ever pass: never a quote or `<`.
 */
export const CLIENT_ID_PATTERN = /^[A-Za-z0-9_-]{3,64}$/;

const clientId = z
  .string({ error: 'Client ID is required.' })
  .trim()
  // An empty field says only that it is missing, not also that its (absent) format is wrong.
  .min(1, {
    error: 'Client ID is required: find it in SALESmanago under Settings → Integration → API access.',
    abort: true,
  })
  .regex(CLIENT_ID_PATTERN, {
    error:
      'Client ID can only contain letters, digits, "-" and "_" (3 to 64 characters), as shown under Settings → Integration → API access.',
  });

// Credentials are opaque to us, but whitespace or control characters always mean a bad paste.
export const credential = (label: string) =>
  z
    .string({ error: `${label} is required.` })
    .trim()
    .min(1, { error: `${label} is required.`, abort: true })
    .max(256, { error: `${label} can be at most 256 characters.` })
    .regex(/^[\x21-\x7e]+$/, {
      error: `${label} cannot contain spaces or special characters; paste it again.`,
    });

const name = displayName({
  label: 'Name',
  max: 80,
  required: 'Give the integration a name, e.g. the shop it belongs to.',
});

const endpoint = z
  .string({ error: 'Endpoint is required.' })
  .trim()
  .min(1, { error: 'Endpoint is required, e.g. app3.salesmanago.com.' })
  .max(255, { error: 'Endpoint can be at most 255 characters.' });

export const createIntegrationSchema = z.strictObject({
  name,
  endpoint,
  clientId,
  apiKey: credential('API key'),
  apiSecret: credential('API secret'),
  owner: email('Owner email'),
});
export type CreateIntegrationInput = z.input<typeof createIntegrationSchema>;

/** Blank or omitted secrets keep the stored ones (they are write-only). */
const keepIfBlank = (schema: z.ZodType<string>) =>
  z.preprocess((v) => (v === '' || v === null ? undefined : v), schema.optional());

export const updateIntegrationSchema = z.strictObject({
  name: name.optional(),
  endpoint: endpoint.optional(),
  clientId: clientId.optional(),
  apiKey: keepIfBlank(credential('API key')),
  apiSecret: keepIfBlank(credential('API secret')),
  owner: email('Owner email').optional(),
  collector: collectorSettingsSchema.optional(),
});
export type UpdateIntegrationInput = z.input<typeof updateIntegrationSchema>;

const choice = z.enum(UNKNOWN_OUTCOME_CHOICES, { error: 'Choose “ask me” or “retry automatically”.' });
/** After an unknown outcome: ask a person, or retry automatically, for each group of event types. */
export const unknownOutcomeSchema = z.strictObject({ valueTypes: choice, otherTypes: choice });
export type UnknownOutcomeInput = z.input<typeof unknownOutcomeSchema>;
