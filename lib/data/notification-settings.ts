import 'server-only';
import { randomBytes } from 'node:crypto';
import { and, asc, eq, inArray, notInArray } from 'drizzle-orm';

import { getDb, schema, writeTransaction } from '@/db';
import { decryptSecret, encryptSecret, secretHint } from '@/lib/crypto';
import { NotFoundError, ValidationError } from '@/lib/errors';
import {
  notificationPreferencesSchema,
  notificationSettingsSchema,
  REMINDER_HOURS,
  type NotificationPreferences,
  type NotificationSettings,
  type SaveWebhookInput,
} from '@/lib/validations/notifications';
import { parseOrThrow } from '@/lib/validations/parse';
import { readSettingSync, writeSettingSync } from './settings';

/**
 * Who hears about what: a person's email opt-ins (per integration, and the weekly digest), the
 * webhooks (console-wide and per integration, each with its signing secret), and the reminder interval.
 */

export async function notificationSettings(): Promise<NotificationSettings> {
  return readSettingSync<NotificationSettings>('notifications') ?? { reminderHours: REMINDER_HOURS.default };
}

export async function updateNotificationSettings(input: unknown): Promise<NotificationSettings> {
  const value = parseOrThrow(notificationSettingsSchema, input);
  writeSettingSync('notifications', value);
  return value;
}

export interface PreferencesView extends NotificationPreferences {
  integrations: Array<{ id: number; name: string; subscribed: boolean }>;
}

function getPreferencesSync(userId: number): PreferencesView {
  const db = getDb();
  const subscribed = new Set(
    db
      .select({ id: schema.incidentSubscriptions.integrationId })
      .from(schema.incidentSubscriptions)
      .where(eq(schema.incidentSubscriptions.userId, userId))
      .all()
      .map((r) => r.id),
  );
  const integrations = db
    .select({ id: schema.integrations.id, name: schema.integrations.name })
    .from(schema.integrations)
    .orderBy(asc(schema.integrations.name), asc(schema.integrations.id))
    .all()
    .map((i) => ({ ...i, subscribed: subscribed.has(i.id) }));
  const digest = !!db
    .select({ id: schema.digestSubscriptions.userId })
    .from(schema.digestSubscriptions)
    .where(eq(schema.digestSubscriptions.userId, userId))
    .get();
  return { digest, integrationIds: [...subscribed], integrations };
}

export async function getPreferences(userId: number): Promise<PreferencesView> {
  return getPreferencesSync(userId);
}

/**
 * Replaces a person's opt-ins. Rows that stay keep their creation time: it is when they started
 * listening, and the notifications only tell a person about what happened from then on.
 */
export async function savePreferences(userId: number, input: unknown): Promise<PreferencesView> {
  const value = parseOrThrow(notificationPreferencesSchema, input);
  const ids = [...new Set(value.integrationIds)];
  const db = getDb();
  writeTransaction(() => {
    const known = ids.length
      ? db
          .select({ id: schema.integrations.id })
          .from(schema.integrations)
          .where(inArray(schema.integrations.id, ids))
          .all()
      : [];
    if (known.length !== ids.length) {
      throw new ValidationError('One of the integrations no longer exists: reload the page.', {
        integrationIds: ['One of the integrations no longer exists: reload the page.'],
      });
    }
    const mine = eq(schema.incidentSubscriptions.userId, userId);
    db.delete(schema.incidentSubscriptions)
      .where(ids.length ? and(mine, notInArray(schema.incidentSubscriptions.integrationId, ids)) : mine)
      .run();
    if (ids.length) {
      db.insert(schema.incidentSubscriptions)
        .values(ids.map((integrationId) => ({ userId, integrationId })))
        .onConflictDoNothing()
        .run();
    }
    if (value.digest) db.insert(schema.digestSubscriptions).values({ userId }).onConflictDoNothing().run();
    else db.delete(schema.digestSubscriptions).where(eq(schema.digestSubscriptions.userId, userId)).run();
  });
  return getPreferencesSync(userId);
}

// ---- Webhooks

type WebhookRow = typeof schema.notificationWebhooks.$inferSelect;

/** What an admin sees of a webhook: never the secret, only its last 4 characters. */
export interface WebhookView {
  id: number;
  integrationId: number | null;
  url: string;
  secretHint: string;
  createdAt: number;
  updatedAt: number;
}

const scopeOf = (integrationId: number | null) =>
  integrationId === null ? 'global' : `integration:${integrationId}`;

function toWebhookView(row: WebhookRow): WebhookView {
  return {
    id: row.id,
    integrationId: row.integrationId,
    url: row.url,
    secretHint: row.secretHint,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

export async function listWebhooks(): Promise<WebhookView[]> {
  return getDb()
    .select()
    .from(schema.notificationWebhooks)
    .orderBy(asc(schema.notificationWebhooks.id))
    .all()
    .map(toWebhookView);
}

/** A webhook with its signing secret, for the sender only. */
export async function webhookForSending(id: number): Promise<WebhookView & { secret: string }> {
  const row = getDb()
    .select()
    .from(schema.notificationWebhooks)
    .where(eq(schema.notificationWebhooks.id, id))
    .get();
  if (!row) throw new NotFoundError('This webhook does not exist (any more).');
  return { ...toWebhookView(row), secret: decryptSecret(row.secretEnc) };
}

function newSigningSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}

/**
 * Creates the scope's webhook or changes its address. A new webhook gets a signing secret, and so does
 * one whose secret is replaced on request: `secret` is then in the answer, the only time it is shown.
 * The input is parsed by the caller (the URL's host is checked there, which needs DNS).
 */
export async function saveWebhook(
  input: SaveWebhookInput,
): Promise<{ webhook: WebhookView; secret?: string }> {
  const db = getDb();
  return writeTransaction(() => {
    if (input.integrationId !== null) {
      const found = db
        .select({ id: schema.integrations.id })
        .from(schema.integrations)
        .where(eq(schema.integrations.id, input.integrationId))
        .get();
      if (!found) throw new NotFoundError('This integration does not exist.');
    }
    const scope = scopeOf(input.integrationId);
    const existing = db
      .select()
      .from(schema.notificationWebhooks)
      .where(eq(schema.notificationWebhooks.scope, scope))
      .get();
    const now = Date.now();
    const secret = !existing || input.newSecret ? newSigningSecret() : undefined;
    const sealed = secret ? { secretEnc: encryptSecret(secret), secretHint: secretHint(secret) } : {};
    const row = existing
      ? db
          .update(schema.notificationWebhooks)
          .set({ url: input.url, updatedAt: now, ...sealed })
          .where(eq(schema.notificationWebhooks.id, existing.id))
          .returning()
          .get()
      : db
          .insert(schema.notificationWebhooks)
          .values({
            scope,
            integrationId: input.integrationId,
            url: input.url,
            secretEnc: sealed.secretEnc!,
            secretHint: sealed.secretHint!,
            updatedAt: now,
          })
          .returning()
          .get();
    return { webhook: toWebhookView(row), ...(secret ? { secret } : {}) };
  });
}

export async function deleteWebhook(id: number): Promise<WebhookView> {
  const row = getDb()
    .delete(schema.notificationWebhooks)
    .where(eq(schema.notificationWebhooks.id, id))
    .returning()
    .get();
  if (!row) throw new NotFoundError('This webhook does not exist (any more).');
  return toWebhookView(row);
}
