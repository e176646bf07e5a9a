import 'server-only';

import { config } from '@/lib/config';
import { digestFigures } from '@/lib/data/digest';
import { notificationSettings } from '@/lib/data/notification-settings';
import {
  claimNotice,
  digestRecipients,
  finishNotice,
  incidentsToNotify,
  noticeRecords,
  noticeTargets,
  noticesToRetry,
  recordedKeys,
  takeNotice,
  type NewNotice,
  type NoticeMessage,
  type NotificationRow,
} from '@/lib/data/notifications';
import { logError } from '@/lib/log';
import { emailOn, outcomeOf, sendEmail, sendWebhook, type Attempt } from './channels';
import { digestKey, lastEndedWeek, renderDigest } from './digest';
import { dueNotices, noticeKey } from './due';
import { renderIncidentNotice } from './render';

const HOUR_MS = 3_600_000;
/** How often notices are looked for (lib/jobs/timers.ts). */
export const NOTIFICATIONS_EVERY_MS = 60_000;
/** How long a sender holds a notice it is sending; past that (it stopped mid-send) another try takes it. */
export const HOLD_MS = 2 * 60_000;
/** Incidents resolved longer ago than this are settled: no notice is derived for them any more. */
const RESOLVED_LOOKBACK_MS = 24 * HOUR_MS;

/** One try of a recorded notice, and its outcome recorded. `retry: false` for the test buttons. */
export async function deliver(row: NotificationRow, now: number, retry = true): Promise<NotificationRow> {
  const message = row.message as NoticeMessage;
  let attempt: Attempt;
  try {
    attempt = row.channel === 'email' ? await sendEmail(row, message) : await sendWebhook(row, message, now);
  } catch (err) {
    logError(`notification ${row.id}`, err);
    attempt = { ok: false, retry: true, error: 'The console could not send it (see the server log).' };
  }
  if (!attempt.ok && !retry) attempt = { ...attempt, retry: false };
  return await finishNotice(row.id, outcomeOf(attempt, row.attempts + 1, now), now);
}

async function claimAndDeliver(notice: NewNotice, now: number): Promise<void> {
  const row = await claimNotice(notice, now, now + HOLD_MS);
  if (row) await deliver(row, now);
}

async function incidentNotices(now: number, emailIsOn: boolean): Promise<void> {
  const incidents = await incidentsToNotify(now - RESOLVED_LOOKBACK_MS);
  if (!incidents.length) return;
  const { publicUrl } = config();
  const reminderMs = (await notificationSettings()).reminderHours * HOUR_MS;
  const records = await noticeRecords(incidents.map((i) => i.id));
  for (const due of dueNotices(incidents, await noticeTargets(emailIsOn), records, now, reminderMs)) {
    const { incident, target } = due;
    await claimAndDeliver(
      {
        dedupeKey: noticeKey(due),
        kind: due.kind,
        channel: target.channel,
        incidentId: incident.id,
        sequence: due.sequence,
        integrationId: incident.integrationId,
        integrationName: incident.integrationName,
        userId: target.userId,
        webhookId: target.webhookId,
        recipient: target.channel === 'email' ? target.address : new URL(target.address).host,
        message: renderIncidentNotice(incident, due.kind, target.channel, publicUrl, now),
      },
      now,
    );
  }
}

/** Last week's digest to everyone who asked for it before the week ended, once each (its key says so). */
async function digests(now: number): Promise<void> {
  const week = lastEndedWeek(now);
  const recipients = (await digestRecipients()).filter((r) => r.since < week.to);
  const done = await recordedKeys(recipients.map((r) => digestKey(week.from, r.userId)));
  const waiting = recipients.filter((r) => !done.has(digestKey(week.from, r.userId)));
  if (!waiting.length) return;
  const message = renderDigest(
    await digestFigures(week.from, week.to),
    week.from,
    week.to,
    config().publicUrl,
  );
  for (const r of waiting) {
    await claimAndDeliver(
      {
        dedupeKey: digestKey(week.from, r.userId),
        kind: 'digest',
        channel: 'email',
        userId: r.userId,
        recipient: r.email,
        message,
      },
      now,
    );
  }
}

/**
 * One pass: the incident notices that are due, the weekly digest, then the retries whose time came (and
 * notices a stopped sender left behind). Everything it decides comes from the database, so running it
 * again, after a restart or on another instance, sends nothing twice.
 */
export async function notificationTick(now = Date.now()): Promise<void> {
  const emailIsOn = emailOn();
  await incidentNotices(now, emailIsOn);
  if (emailIsOn) await digests(now);
  // Each is held just before its own send, so a slow one cannot outlast the hold of those after it.
  for (const due of await noticesToRetry(now)) {
    const row = await takeNotice(due, now, now + HOLD_MS);
    if (row) await deliver(row, now);
  }
}
