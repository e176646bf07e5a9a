import 'server-only';
import { randomBytes } from 'node:crypto';
import { and, asc, eq, inArray, notInArray } from 'drizzle-orm';

import { schema } from '@/db';
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
import { db, lockForTransaction, withTransaction } from './engine';
import { holdIntegration } from './integration-lock';
import { readSetting, writeSetting } from './settings';

/**
 * Who hears about what: a person's email opt-ins (per integration, and the weekly digest), the
 * webhooks (console-wide and per integration, each with its signing secret), and the reminder interval.
 */

export async function notificationSettings(): Promise<NotificationSettings> {
  return (
    (await readSetting<NotificationSettings>('notifications')) ?? { reminderHours: REMINDER_HOURS.default }
  );
}

export async function updateNotificationSettings(input: unknown): Promise<NotificationSettings> {
  const value = parseOrThrow(notificationSettingsSchema, input);
  await writeSetting('notifications', value);
  return value;
}

export interface PreferencesView extends NotificationPreferences {
  integrations: Array<{ id: number; name: string; subscribed: boolean }>;
}

export async function getPreferences(userId: number): Promise<PreferencesView> {
  const subscriptions = await db()
    .select({ id: schema.incidentSubscriptions.integrationId })
    .from(schema.incidentSubscriptions)
    .where(eq(schema.incidentSubscriptions.userId, userId));
  const subscribed = new Set(subscriptions.map((r) => r.id));
  const integrations = await db()
    .select({ id: schema.integrations.id, name: schema.integrations.name })
    .from(schema.integrations)
    .orderBy(asc(schema.integrations.name), asc(schema.integrations.id));
  const [digest] = await db()
    .select({ id: schema.digestSubscriptions.userId })
    .from(schema.digestSubscriptions)
    .where(eq(schema.digestSubscriptions.userId, userId))
    .limit(1);
  return {
    digest: !!digest,
    integrationIds: [...subscribed],
    integrations: integrations.map((i) => ({ ...i, subscribed: subscribed.has(i.id) })),
  };
}

/**
 * Replaces a person's opt-ins. Rows that stay keep their creation time: it is when they started
 * listening, and the notifications only tell a person about what happened from then on.
 */
export async function savePreferences(userId: number, input: unknown): Promise<PreferencesView> {
  const value = parseOrThrow(notificationPreferencesSchema, input);
  const ids = [...new Set(value.integrationIds)];
  const s = schema.incidentSubscriptions;
  await withTransaction(async () => {
    // The same person saving from two tabs: one save after the other, never a mix of both.
    await lockForTransaction(`preferences:${userId}`);
    // In id order: two transactions holding several integrations take them in the same order.
    for (const id of [...ids].sort((a, b) => a - b)) await holdIntegration(id);
    const known = ids.length
      ? await db()
          .select({ id: schema.integrations.id })
          .from(schema.integrations)
          .where(inArray(schema.integrations.id, ids))
      : [];
    if (known.length !== ids.length) {
      throw new ValidationError('One of the integrations no longer exists: reload the page.', {
        integrationIds: ['One of the integrations no longer exists: reload the page.'],
      });
    }
    const mine = eq(s.userId, userId);
    await db()
      .delete(s)
      .where(ids.length ? and(mine, notInArray(s.integrationId, ids)) : mine);
    if (ids.length) {
      await db()
        .insert(s)
        .values(ids.map((integrationId) => ({ userId, integrationId })))
        .onConflictDoNothing();
    }
    const d = schema.digestSubscriptions;
    if (value.digest) await db().insert(d).values({ userId }).onConflictDoNothing();
    else await db().delete(d).where(eq(d.userId, userId));
  });
  return getPreferences(userId);
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
  const w = schema.notificationWebhooks;
  return (await db().select().from(w).orderBy(asc(w.id))).map(toWebhookView);
}

/** A webhook with its signing secret, for the sender only. */
export async function webhookForSending(id: number): Promise<WebhookView & { secret: string }> {
  const w = schema.notificationWebhooks;
  const [row] = await db().select().from(w).where(eq(w.id, id)).limit(1);
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
  const w = schema.notificationWebhooks;
  return withTransaction(async () => {
    if (input.integrationId !== null) {
      await holdIntegration(input.integrationId);
      const t = schema.integrations;
      const [found] = await db().select({ id: t.id }).from(t).where(eq(t.id, input.integrationId)).limit(1);
      if (!found) throw new NotFoundError('This integration does not exist.');
    }
    const scope = scopeOf(input.integrationId);
    // Two saves of a scope's first webhook at once (two people, two instances) must not both insert.
    await lockForTransaction(`webhook:${scope}`);
    const [existing] = await db().select().from(w).where(eq(w.scope, scope)).limit(1);
    const now = Date.now();
    const secret = !existing || input.newSecret ? newSigningSecret() : undefined;
    const sealed = secret ? { secretEnc: encryptSecret(secret), secretHint: secretHint(secret) } : {};
    const [row] = existing
      ? await db()
          .update(w)
          .set({ url: input.url, updatedAt: now, ...sealed })
          .where(eq(w.id, existing.id))
          .returning()
      : await db()
          .insert(w)
          .values({
            scope,
            integrationId: input.integrationId,
            url: input.url,
            secretEnc: sealed.secretEnc!,
            secretHint: sealed.secretHint!,
            updatedAt: now,
          })
          .returning();
    return { webhook: toWebhookView(row!), ...(secret ? { secret } : {}) };
  });
}

export async function deleteWebhook(id: number): Promise<WebhookView> {
  const w = schema.notificationWebhooks;
  const [row] = await db().delete(w).where(eq(w.id, id)).returning();
  if (!row) throw new NotFoundError('This webhook does not exist (any more).');
  return toWebhookView(row);
}
