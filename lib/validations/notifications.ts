import { z } from 'zod';

/** How often an incident that stays open is brought up again, in hours (admin setting). */
export const REMINDER_HOURS = { min: 1, max: 168, default: 4 } as const;

export const notificationSettingsSchema = z.strictObject({
  reminderHours: z
    .number({ error: 'Remind every must be a number of hours.' })
    .int({ error: 'Remind every must be a whole number of hours.' })
    .min(REMINDER_HOURS.min, { error: 'Remind every must be at least 1 hour.' })
    .max(REMINDER_HOURS.max, { error: 'Remind every can be at most 168 hours (a week).' }),
});
export type NotificationSettings = z.infer<typeof notificationSettingsSchema>;

/** A person's own choices: email about these integrations' incidents, and the weekly digest. */
export const notificationPreferencesSchema = z.strictObject({
  digest: z.boolean({ error: 'Weekly digest must be on or off.' }),
  integrationIds: z
    .array(z.number().int().positive(), { error: 'Integrations must be a list of integration ids.' })
    .max(1000),
});
export type NotificationPreferences = z.infer<typeof notificationPreferencesSchema>;

/**
 * A webhook address as typed: http(s), no user name or password in it. Whether its host is public is
 * checked on the server (it needs DNS): a private, loopback or link-local target is refused there.
 */
export const webhookUrl = z
  .string({ error: 'Enter the webhook address.' })
  .trim()
  .min(1, { error: 'Enter the webhook address.' })
  .max(2000, { error: 'The webhook address can be at most 2000 characters.' })
  .pipe(
    z.url({
      protocol: /^https?$/,
      error:
        'Enter the full webhook address, starting with https:// (for example https://hooks.slack.com/…).',
    }),
  )
  .refine((v) => !/^https?:\/\/[^/?#]*@/i.test(v), {
    error: 'Remove the user name and password from the address: the console signs its requests instead.',
  });

export const saveWebhookSchema = z.strictObject({
  /** null: the console-wide webhook, which hears about every integration. */
  integrationId: z.number().int().positive().nullable(),
  url: webhookUrl,
  /** Replace the signing secret (a new one is shown once). */
  newSecret: z.boolean().optional(),
});
export type SaveWebhookInput = z.infer<typeof saveWebhookSchema>;
