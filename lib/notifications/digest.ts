import type { DigestFigures } from '@/lib/data/digest';
import type { NoticeMessage } from '@/lib/data/notifications';
import { settingsUrl } from './render';
import { plural, utcDay, whatBroke, withoutPrivateData } from './wording';

const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;

/** The last whole week before `now`: Monday 00:00 UTC to the next Monday 00:00 UTC. */
export function lastEndedWeek(now: number): { from: number; to: number } {
  const midnight = Math.floor(now / DAY_MS) * DAY_MS;
  const weekday = (new Date(midnight).getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  const to = midnight - weekday * DAY_MS;
  return { from: to - WEEK_MS, to };
}

export const digestKey = (weekFrom: number, userId: number) =>
  `digest:${new Date(weekFrom).toISOString().slice(0, 10)}:email:user:${userId}`;

const money = (amount: number) =>
  amount.toLocaleString('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

function integrationLines(i: DigestFigures['integrations'][number]): string[] {
  const failed = i.failed ? `, ${i.failed.toLocaleString('en-GB')} failed` : '';
  const lines = [
    `${withoutPrivateData(i.name)}${i.id === null ? ' (deleted since)' : ''}`,
    `- ${plural(i.sent, 'event')} sent, ${i.delivered.toLocaleString('en-GB')} delivered to SALESmanago${failed}.`,
  ];
  if (i.revenue.length) {
    const perCurrency = i.revenue.map(
      (r) => `${money(r.amount)} ${r.currency} (${plural(r.orders, 'order')})`,
    );
    lines.push(`- Revenue from delivered purchases: ${perCurrency.join('; ')}.`);
  }
  if (i.ordersWithoutCurrency)
    lines.push(
      `- ${plural(i.ordersWithoutCurrency, 'purchase')} named no currency, so ${i.ordersWithoutCurrency === 1 ? 'it is' : 'they are'} not in the revenue.`,
    );
  return [...lines, ''];
}

/** The weekly digest as a plain-text email a marketer reads in a minute. */
export function renderDigest(
  figures: DigestFigures,
  from: number,
  to: number,
  publicUrl: string,
): NoticeMessage {
  const sent = figures.integrations.reduce((n, i) => n + i.sent, 0);
  const delivered = figures.integrations.reduce((n, i) => n + i.delivered, 0);
  const share = sent ? ` (${Math.floor((delivered / sent) * 100)} % delivered)` : '';
  const period = `${utcDay(from)} to ${utcDay(to - 1)}`;
  const { opened, resolved, list } = figures.incidents;
  const text = [
    'Hello,',
    '',
    `Here is last week in a minute: ${period} (UTC).`,
    '',
    sent
      ? `${plural(sent, 'event')} sent, ${delivered.toLocaleString('en-GB')} delivered to SALESmanago${share}.`
      : 'Nothing was sent to SALESmanago last week.',
    '',
    ...figures.integrations.flatMap(integrationLines),
    ...(figures.failures.length
      ? [
          'Why events failed',
          ...figures.failures.map((f) => `- ${f.title}: ${plural(f.count, 'event')}. What to do: ${f.fix}`),
          '',
        ]
      : sent
        ? ['No event failed.', '']
        : []),
    'Incidents',
    opened || resolved
      ? `- ${plural(opened, 'incident')} opened, ${resolved.toLocaleString('en-GB')} resolved.`
      : '- None: nothing broke.',
    ...list.slice(0, 10).map((i) => {
      const { title } = whatBroke(i.cause, i.reason);
      const end = i.resolvedAt && i.resolvedAt < to ? `resolved ${utcDay(i.resolvedAt)}` : 'still open';
      return `- ${withoutPrivateData(i.integrationName)}: ${title} (opened ${utcDay(i.firstSeenAt)}, ${end}).`;
    }),
    '',
    `Open the console: ${publicUrl}/`,
    '',
    '—',
    `You get this email because you asked for the weekly digest. Change that at ${settingsUrl(publicUrl)}.`,
    '',
  ].join('\n');
  const subject = sent
    ? `Your week in SALESmanago events: ${plural(sent, 'event')} sent${share}`
    : 'Your week in SALESmanago events: nothing sent';
  return { subject, text };
}
