import type { NotificationChannel } from '@/db/enums';
import type { IncidentForNotice, NoticeMessage } from '@/lib/data/notifications';
import { plural, utcTime, whatBroke, withoutPrivateData } from './wording';

export type IncidentNoticeKind = 'opened' | 'reminder' | 'resolved';

/** The incident's page on the console (the incidents screen lives at /incidents/<id>). */
export const incidentUrl = (publicUrl: string, id: number) => `${publicUrl}/incidents/${id}`;
export const settingsUrl = (publicUrl: string) => `${publicUrl}/notifications`;

function hoursBetween(from: number, to: number): string {
  const hours = Math.max(0, Math.round((to - from) / 3_600_000));
  return hours < 1 ? 'less than an hour' : plural(hours, 'hour');
}

/**
 * One incident notice, for email (subject and plain text) or a webhook (Slack-compatible `text` plus
 * the incident's fields as JSON). Every free text from the incident goes through withoutPrivateData.
 */
export function renderIncidentNotice(
  incident: IncidentForNotice,
  kind: IncidentNoticeKind,
  channel: NotificationChannel,
  publicUrl: string,
  now: number,
): NoticeMessage {
  const name = withoutPrivateData(incident.integrationName);
  const summary = withoutPrivateData(incident.summary);
  const { title, fix } = whatBroke(incident.cause, incident.reason);
  const link = incidentUrl(publicUrl, incident.id);
  const subject =
    kind === 'opened'
      ? `Problem with “${name}”: ${title}`
      : kind === 'reminder'
        ? `Still open: ${title} (“${name}”)`
        : `Resolved: ${title} (“${name}”)`;
  const affected = `Deliveries affected so far: ${incident.affected.toLocaleString('en-GB')}.`;
  const lines =
    kind === 'resolved'
      ? [
          `This is over: “${name}” had a problem (${title.toLowerCase()}) from ${utcTime(incident.firstSeenAt)} until ${utcTime(incident.resolvedAt ?? now)}.`,
          `What we saw: ${summary}`,
          `Deliveries affected: ${incident.affected.toLocaleString('en-GB')}. Any that failed are listed in Needs attention, with what to do.`,
        ]
      : [
          kind === 'opened'
            ? `${title} for the integration “${name}”, since ${utcTime(incident.firstSeenAt)}.`
            : `${title} for the integration “${name}”: still going on, for ${hoursBetween(incident.firstSeenAt, now)} now (since ${utcTime(incident.firstSeenAt)}).`,
          `What we saw: ${summary}`,
          affected,
          ...(incident.acknowledgedAt
            ? [`Someone acknowledged it on ${utcTime(incident.acknowledgedAt)} and is looking into it.`]
            : []),
          `What to do: ${fix}`,
        ];
  if (channel === 'email') {
    return {
      subject,
      text: [
        'Hello,',
        '',
        ...lines.flatMap((l) => [l, '']),
        `Open the incident: ${link}`,
        '',
        '—',
        `You get this email because you asked to be told when something breaks with “${name}”. Change that at ${settingsUrl(publicUrl)}.`,
        '',
      ].join('\n'),
    };
  }
  const text = [`*${subject}*`, ...lines, `<${link}|Open the incident>`].join('\n');
  return {
    subject,
    text,
    webhook: {
      type: `incident.${kind}`,
      text,
      incident: {
        id: incident.id,
        url: link,
        integration: { id: incident.integrationId, name },
        cause: incident.cause,
        state: incident.state,
        reason: incident.reason,
        title,
        whatToDo: fix,
        summary,
        affected: incident.affected,
        firstSeenAt: new Date(incident.firstSeenAt).toISOString(),
        lastSeenAt: new Date(incident.lastSeenAt).toISOString(),
        acknowledgedAt: incident.acknowledgedAt ? new Date(incident.acknowledgedAt).toISOString() : null,
        resolvedAt: incident.resolvedAt ? new Date(incident.resolvedAt).toISOString() : null,
      },
    },
  };
}

/** What the "Send a test" buttons send: it says plainly that nothing is wrong. */
export function renderTestNotice(
  channel: NotificationChannel,
  publicUrl: string,
  scope: string,
): NoticeMessage {
  const subject = 'Test notification from the SALESmanago Events Console';
  const body = `This is a test: nothing is wrong. Notifications about ${scope} reach you here when something breaks.`;
  if (channel === 'email') {
    return {
      subject,
      text: ['Hello,', '', body, '', `Change what you get at ${settingsUrl(publicUrl)}.`, ''].join('\n'),
    };
  }
  const text = `*${subject}*\n${body}\n<${settingsUrl(publicUrl)}|Notification settings>`;
  return { subject, text, webhook: { type: 'test', text } };
}
