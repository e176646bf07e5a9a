// The overview's parameters written back to a URL, without zod: the screen's own links and the query key
// of GET /api/overview are written in the browser, and the schema that parses them (./overview.ts) would
// bring all of zod into the overview's first load.
import type { OverviewQuery } from './overview';

/** Only what differs from the defaults (7 days, all integrations, by event date), in a stable order. */
export function overviewToSearchParams(q: Partial<OverviewQuery>): URLSearchParams {
  const p = new URLSearchParams();
  if (q.period && q.period !== '7d') p.set('period', q.period);
  if (q.period === 'custom') {
    if (q.from) p.set('from', q.from);
    if (q.to) p.set('to', q.to);
  }
  if (q.integrationId) p.set('integrationId', String(q.integrationId));
  if (q.basis && q.basis !== 'event') p.set('basis', q.basis);
  if (q.tz) p.set('tz', q.tz);
  return p;
}
