import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

import { openDb, schema, setDbForTests, type Db } from '@/db';
import { reloadConfig } from '@/lib/config';
import { insertDelivery } from '@/lib/data/deliveries';
import { digestFigures } from '@/lib/data/digest';
import { savePreferences } from '@/lib/data/notification-settings';
import { insertTestIntegration } from '@/lib/data/test-helpers';
import type { DeliveryStatus } from '@/db/enums';
import type { EventData } from '@/lib/validations/event';
import { REASONS } from '@/lib/salesmanago/messages';
import { lastEndedWeek } from './digest';
import { insertIncident, startSmtp } from './test-helpers';
import { notificationTick } from './tick';

process.env.APP_SECRET_KEY = 'digest-test-key-that-is-long-enough-01';

const DAY = 86_400_000;
const WEEK_FROM = Date.UTC(2026, 10, 30); // Monday 30 November 2026
const WEEK_TO = WEEK_FROM + 7 * DAY;
const CONTACT = 'anna.nowak@example.org';

let db: Db;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
let shop: number;
let mark: number;

beforeAll(async () => {
  smtp = await startSmtp();
  afterAll(smtp.close);
  process.env.SMTP_URL = `smtp://127.0.0.1:${smtp.port}`;
  process.env.ALERT_FROM = 'alerts@example.com';
  process.env.PUBLIC_URL = 'https://console.example.com';
  reloadConfig();
});

async function delivery(at: number, status: DeliveryStatus, event: Partial<EventData>, reason?: string) {
  const id = (
    await insertDelivery({
      integration: { id: shop, name: 'Shop' },
      source: 'website',
      operation: 'add',
      event: { type: 'PURCHASE', email: CONTACT, ...event } as EventData,
      now: at,
    })
  ).id;
  db.update(schema.deliveries)
    .set({ status, reason: reason ?? null })
    .where(eq(schema.deliveries.id, id))
    .run();
}

beforeEach(async () => {
  db = openDb(':memory:');
  setDbForTests(db);
  smtp.mails.length = 0;
  // This shop names detail4 its currency (Waluta) besides the usual detail9.
  shop = insertTestIntegration(db, { name: 'Shop', detailLabels: { detail4: 'Waluta' } });
  mark = db
    .insert(schema.users)
    .values({ email: 'mark@example.com', role: 'marketer', passwordHash: 'x', updatedAt: 0 })
    .returning()
    .get().id;
  const day = (n: number) => WEEK_FROM + n * DAY + 3_600_000;
  // In time order: the history keeps created_at from going backwards (migration 0007).
  await delivery(WEEK_FROM - 1, 'succeeded', { value: 1000, detail9: 'PLN' });
  await delivery(day(0), 'succeeded', { value: 100.5, detail9: 'PLN' });
  await delivery(day(1), 'succeeded', { value: 100.5, detail4: 'PLN' });
  await delivery(day(2), 'succeeded', { value: 20, detail9: 'EUR' });
  await delivery(day(2), 'succeeded', { value: 5 });
  await delivery(day(3), 'succeeded', { type: 'CART', value: 999, detail9: 'PLN' });
  await delivery(day(3), 'failed', { value: 70, detail9: 'PLN' }, 'auth-wrong-token');
  await delivery(day(4), 'failed', { type: 'VISIT' }, 'auth-wrong-token');
  // Outside the week (like the first one): not counted.
  await delivery(WEEK_TO, 'succeeded', { value: 1000, detail9: 'PLN' });
  insertIncident(db, {
    integrationId: shop,
    reason: 'auth-wrong-token',
    firstSeenAt: day(3),
    state: 'resolved',
    resolvedAt: day(4),
  });
});

describe('digestFigures', () => {
  it('counts the week per integration, revenue per currency (never summed), failures by reason, incidents', async () => {
    const f = await digestFigures(WEEK_FROM, WEEK_TO);
    expect(f.integrations).toEqual([
      {
        id: shop,
        name: 'Shop',
        sent: 7,
        delivered: 5,
        failed: 2,
        revenue: [
          { currency: 'PLN', amount: 201, orders: 2 },
          { currency: 'EUR', amount: 20, orders: 1 },
        ],
        ordersWithoutCurrency: 1,
      },
    ]);
    expect(f.failures).toEqual([
      {
        reason: 'auth-wrong-token',
        title: REASONS['auth-wrong-token'].title,
        fix: REASONS['auth-wrong-token'].fix,
        count: 2,
      },
    ]);
    expect(f.incidents).toMatchObject({ opened: 1, resolved: 1 });
  });
});

describe('the weekly digest', () => {
  it('goes once a week to those who asked, in plain words, with nothing private', async () => {
    await savePreferences(mark, { digest: true, integrationIds: [] });
    db.update(schema.digestSubscriptions).set({ createdAt: WEEK_FROM }).run();
    const monday = WEEK_TO + 8 * 3_600_000;
    expect(lastEndedWeek(monday)).toEqual({ from: WEEK_FROM, to: WEEK_TO });
    await notificationTick(monday);
    expect(smtp.mails).toHaveLength(1);
    const mail = smtp.mails[0]!;
    expect(mail.to).toBe('mark@example.com');
    expect(mail.subject).toBe('Your week in SALESmanago events: 7 events sent (71 % delivered)');
    expect(mail.text).toContain(
      'Here is last week in a minute: Monday, 30 November 2026 to Sunday, 6 December 2026 (UTC).',
    );
    expect(mail.text).toContain('- 7 events sent, 5 delivered to SALESmanago, 2 failed.');
    expect(mail.text).toContain(
      'Revenue from delivered purchases: 201.00 PLN (2 orders); 20.00 EUR (1 order).',
    );
    expect(mail.text).toContain('1 purchase named no currency');
    expect(mail.text).toContain(
      `- ${REASONS['auth-wrong-token'].title}: 2 events. What to do: ${REASONS['auth-wrong-token'].fix}`,
    );
    expect(mail.text).toContain('- 1 incident opened, 1 resolved.');
    // Never one sum across currencies.
    expect(mail.text).not.toMatch(/221|1,?201/);
    expect(mail.raw).not.toContain(CONTACT);

    // Later the same week, and after a restart: not again.
    await notificationTick(monday + 3_600_000);
    vi.resetModules();
    await (await import('./tick')).notificationTick(monday + 2 * 3_600_000);
    expect(smtp.mails).toHaveLength(1);

    // The next week has its own.
    await notificationTick(monday + 7 * DAY);
    expect(smtp.mails).toHaveLength(2);
    // The delivery made right as the week ended belongs to the next one.
    expect(smtp.mails[1]!.subject).toBe('Your week in SALESmanago events: 1 event sent (100 % delivered)');
  });

  it('waits for the first whole week after someone asked, and is not sent to those who did not', async () => {
    await savePreferences(mark, { digest: true, integrationIds: [] });
    db.update(schema.digestSubscriptions)
      .set({ createdAt: WEEK_TO + 3_600_000 })
      .run();
    await notificationTick(WEEK_TO + 8 * 3_600_000);
    expect(smtp.mails).toHaveLength(0);
  });
});
