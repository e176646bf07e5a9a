import type { IncidentForNotice, NoticeRecord, NoticeTarget } from '@/lib/data/notifications';
import type { IncidentNoticeKind } from './render';

/** One notice to send now. */
export interface DueNotice {
  incident: IncidentForNotice;
  target: NoticeTarget;
  kind: IncidentNoticeKind;
  /** The reminder's number; 0 for opened and resolved. */
  sequence: number;
}

/** The notice's identity: recorded unique, so it is sent once whoever computes it and however often. */
export const noticeKey = (n: Pick<DueNotice, 'incident' | 'target' | 'kind' | 'sequence'>) =>
  `incident:${n.incident.id}:${n.kind}:${n.sequence}:${n.target.key}`;

/**
 * What is due, from the incidents, who listens, and what was already recorded (nothing in memory):
 * - **opened** once per listener, for an incident not yet resolved;
 * - a **reminder** while it stays open or acknowledged, when the last notice to that listener is
 *   `reminderMs` old (numbered 1, 2, …: a missed tick sends the next one late, never two at once);
 * - **resolved** once, to every listener told it opened; and to one who started listening before it was
 *   resolved but was never told (it opened and closed between two ticks), so nothing goes unsaid.
 * A listener only hears of incidents still open, or resolved, after it started listening.
 */
export function dueNotices(
  incidents: IncidentForNotice[],
  targets: NoticeTarget[],
  records: NoticeRecord[],
  now: number,
  reminderMs: number,
): DueNotice[] {
  const byPair = new Map<string, NoticeRecord[]>();
  for (const r of records) {
    const key = `${r.incidentId}|${r.targetKey}`;
    byPair.set(key, [...(byPair.get(key) ?? []), r]);
  }
  const due: DueNotice[] = [];
  for (const incident of incidents) {
    for (const target of targets) {
      if (target.integrationId !== null && target.integrationId !== incident.integrationId) continue;
      const told = byPair.get(`${incident.id}|${target.key}`) ?? [];
      const openNotices = told.filter((r) => r.kind === 'opened' || r.kind === 'reminder');
      if (incident.state === 'resolved') {
        if (told.some((r) => r.kind === 'resolved')) continue;
        const listened = incident.resolvedAt !== null && target.since <= incident.resolvedAt;
        if (openNotices.length || listened) due.push({ incident, target, kind: 'resolved', sequence: 0 });
        continue;
      }
      if (!told.some((r) => r.kind === 'opened')) {
        due.push({ incident, target, kind: 'opened', sequence: 0 });
        continue;
      }
      const last = Math.max(...openNotices.map((r) => r.createdAt));
      if (now - last >= reminderMs) {
        const sequence = Math.max(0, ...openNotices.map((r) => r.sequence)) + 1;
        due.push({ incident, target, kind: 'reminder', sequence });
      }
    }
  }
  return due;
}
