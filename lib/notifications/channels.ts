import 'server-only';
import { createHmac } from 'node:crypto';
import nodemailer from 'nodemailer';

import { config } from '@/lib/config';
import type { NoticeMessage, NoticeOutcome, NotificationRow } from '@/lib/data/notifications';
import { webhookForSending } from '@/lib/data/notification-settings';
import { parseAllowHosts } from '@/lib/net/allow-hosts';
import { PostFailure, postJson } from '@/lib/net/post-json';

/** How one try ended: a transient failure is tried again later, a permanent one is not. */
export type Attempt = { ok: true } | { ok: false; retry: boolean; error: string };

// ---- Email (SMTP_URL, ALERT_FROM)

export const emailOn = () => !!config().smtpUrl;

type Transport = ReturnType<typeof nodemailer.createTransport>;
let transport: { url: string; mailer: Transport } | undefined;

function mailer(url: string): Transport {
  if (transport?.url !== url) {
    transport = {
      url,
      // Short timeouts: a tick sends one notice after another, and a dead mail server must not hold it for minutes.
      mailer: nodemailer.createTransport({
        url,
        connectionTimeout: 10_000,
        greetingTimeout: 10_000,
        socketTimeout: 20_000,
      }),
    };
  }
  return transport.mailer;
}

/** nodemailer's error as a sentence (never the SMTP_URL, which may hold a password). */
function emailFailure(err: unknown): Attempt {
  const e = err as { code?: string; responseCode?: number; response?: string };
  if (typeof e.responseCode === 'number') {
    const said = (e.response ?? String(e.responseCode)).slice(0, 300);
    // 5xx is the mail server's final no (an unknown mailbox, a refused sender); 4xx asks to try later.
    return e.responseCode >= 500
      ? { ok: false, retry: false, error: `The mail server refused the message: ${said}` }
      : { ok: false, retry: true, error: `The mail server asked to try later: ${said}` };
  }
  if (e.code === 'EAUTH')
    return {
      ok: false,
      retry: false,
      error: 'The mail server refused the user name or password in SMTP_URL.',
    };
  if (e.code === 'ETIMEDOUT')
    return { ok: false, retry: true, error: 'The mail server did not answer in time.' };
  return {
    ok: false,
    retry: true,
    error: 'The mail server could not be reached: check SMTP_URL and that it is running.',
  };
}

export async function sendEmail(
  row: Pick<NotificationRow, 'id' | 'recipient'>,
  message: NoticeMessage,
): Promise<Attempt> {
  const { smtpUrl, alertFrom, publicUrl } = config();
  if (!smtpUrl) return { ok: false, retry: false, error: 'Email is off: the console has no SMTP_URL.' };
  try {
    await mailer(smtpUrl).sendMail({
      from: alertFrom,
      to: row.recipient,
      subject: message.subject,
      text: message.text,
      // The same id on every try: a mail system that got a copy before a restart can tell it is the same.
      messageId: `<notification-${row.id}@${new URL(publicUrl).hostname}>`,
    });
    return { ok: true };
  } catch (err) {
    return emailFailure(err);
  }
}

// ---- Webhooks

const SIGNATURE_HEADER = 'X-Console-Signature';

/**
 * The signature a receiver checks (README, "Webhook notifications"): HMAC-SHA256 with the webhook's
 * signing secret over `<timestamp>.<raw body>`, hex, sent as `t=<timestamp>,v1=<hex>`. The timestamp
 * (Unix seconds) lets the receiver refuse an old request replayed later.
 */
export function webhookSignature(secret: string, timestamp: number, body: string): string {
  const mac = createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
  return `t=${timestamp},v1=${mac}`;
}

/** The JSON a webhook receives: the stored message with the notice's id, the same on every try. */
export function webhookBody(row: Pick<NotificationRow, 'id' | 'createdAt'>, message: NoticeMessage): string {
  return JSON.stringify({ id: row.id, createdAt: new Date(row.createdAt).toISOString(), ...message.webhook });
}

export async function sendWebhook(
  row: Pick<NotificationRow, 'id' | 'createdAt' | 'webhookId'>,
  message: NoticeMessage,
  now: number,
): Promise<Attempt> {
  if (row.webhookId === null) return { ok: false, retry: false, error: 'The webhook was removed.' };
  const hook = await webhookForSending(row.webhookId);
  const body = webhookBody(row, message);
  try {
    const res = await postJson(hook.url, body, {
      headers: {
        'user-agent': 'SALESmanago-Events-Console/1.0 (notifications)',
        [SIGNATURE_HEADER]: webhookSignature(hook.secret, Math.floor(now / 1000), body),
        'X-Console-Notification-Id': String(row.id),
      },
      allowHosts: parseAllowHosts(config().webhookAllowHosts),
    });
    if (res.status >= 200 && res.status < 300) return { ok: true };
    const said = res.body.trim() ? `: ${res.body.trim().slice(0, 200)}` : '';
    if (res.status >= 300 && res.status < 400)
      return {
        ok: false,
        retry: false,
        error: `The webhook answered with a redirect (HTTP ${res.status}): enter the address it moved to.`,
      };
    const retry = res.status >= 500 || res.status === 408 || res.status === 429;
    return { ok: false, retry, error: `The webhook answered HTTP ${res.status}${said}` };
  } catch (err) {
    if (err instanceof PostFailure) {
      // A private address or an unknown name stays wrong until someone changes the address.
      const retry = err.code === 'timeout' || err.code === 'network';
      return { ok: false, retry, error: err.message };
    }
    throw err;
  }
}

// ---- Retries

/** After the first try: 1 min, 5 min, 30 min, 2 h (±20 %), then it has failed. */
export const RETRY_DELAYS_MS = [60_000, 5 * 60_000, 30 * 60_000, 2 * 3_600_000] as const;
const JITTER = 0.2;

/** `attempts`: tries made so far, this one included. */
export function outcomeOf(
  attempt: Attempt,
  attempts: number,
  now: number,
  random = Math.random(),
): NoticeOutcome {
  if (attempt.ok) return { status: 'sent' };
  const base = RETRY_DELAYS_MS[attempts - 1];
  if (!attempt.retry || base === undefined) {
    const tries = attempts > 1 ? ` (after ${attempts} tries)` : '';
    return { status: 'failed', error: `${attempt.error}${tries}` };
  }
  // Jitter spreads the retries of many notices that failed together (a mail server restarting).
  const delay = Math.round(base * (1 - JITTER + 2 * JITTER * random));
  return { status: 'retrying', error: attempt.error, nextAttemptAt: now + delay };
}
