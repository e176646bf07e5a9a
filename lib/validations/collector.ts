/**
 * Settings of an integration's public collector, as `collector` in `PATCH /api/integrations/:id` and the
 * settings form. Every field is optional: an omitted one keeps the stored value.
 */
import { z } from 'zod';

import { EVENT_TYPES, type EventType } from '@/lib/salesmanago/event-types';
import { normalizeOriginPattern } from './origin';

/**
 * Types a website may send when nothing else is configured. They describe what a visitor does on the
 * page, so a forged one costs little. PURCHASE and the other business types can be allowed knowingly.
 */
export const DEFAULT_ALLOWED_TYPES: readonly EventType[] = ['CART', 'VISIT', 'LOGIN', 'OTHER'];

export const MAX_ALLOWED_ORIGINS = 50;

/**
 * Shown next to allowed types beyond the defaults. The collector key is public and any script (or curl)
 * can send it, so a type the shop's revenue reports trust can be faked by anyone.
 */
export function forgeableTypesWarning(types: readonly string[]): string | undefined {
  const extra = types.filter((t) => !(DEFAULT_ALLOWED_TYPES as readonly string[]).includes(t));
  if (extra.length === 0) return undefined;
  return (
    `Anyone who reads your page source can send ${extra.join(', ')} events through this collector, ` +
    'e.g. fake purchases. Allow them only if SALESmanago may act on events you cannot verify; otherwise ' +
    "send them from your shop's server."
  );
}

const originPattern = z
  .string({ error: 'Each allowed origin must be text, like https://shop.example.com.' })
  .transform((value, ctx) => {
    const result = normalizeOriginPattern(value);
    if (result.ok) return result.pattern;
    ctx.addIssue({ code: 'custom', message: result.message });
    return z.NEVER;
  });

const allowedOrigins = z
  .array(originPattern, { error: 'Allowed origins must be a list of website addresses.' })
  .max(MAX_ALLOWED_ORIGINS, {
    error: `List at most ${MAX_ALLOWED_ORIGINS} allowed origins; use https://*.example.com for many subdomains.`,
  })
  // https://a.com and https://A.com/ are the same origin once normalised; keep the first.
  .transform((patterns) => [...new Set(patterns)]);

const eventType = z
  .string({ error: 'Each allowed type must be text, e.g. CART.' })
  // The same leniency as the event schema: SALESmanago's types are upper case, "cart" is a typo we can fix.
  .transform((s) => s.trim().toUpperCase())
  .pipe(
    z.enum(EVENT_TYPES, {
      error: (iss) => `"${String(iss.input)}" is not an event type: choose from ${EVENT_TYPES.join(', ')}.`,
    }),
  );

const allowedTypes = z
  .array(eventType, { error: 'Allowed types must be a list of event types.' })
  .min(1, {
    error: 'Allow at least one event type, or switch the collector off instead.',
  })
  // A checkbox list cannot repeat a type; an API client that does means the same thing, so keep one of each.
  .transform((types) => [...new Set(types)]);

export const collectorSettingsSchema = z.strictObject(
  {
    enabled: z.boolean({ error: 'Enabled must be true or false.' }).optional(),
    allowedOrigins: allowedOrigins.optional(),
    allowedTypes: allowedTypes.optional(),
  },
  {
    error: (iss) =>
      iss.code === 'unrecognized_keys'
        ? `Unknown collector setting: ${iss.keys.join(', ')}. Use enabled, allowedOrigins or allowedTypes.`
        : iss.code === 'invalid_type'
          ? 'Collector settings must be an object with enabled, allowedOrigins and allowedTypes.'
          : undefined,
  },
);

export type CollectorSettings = z.output<typeof collectorSettingsSchema>;
