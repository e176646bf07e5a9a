// The history benchmark's cases and its timed request, shared by history.mjs (each case against its
// floor) and history-growth.mjs (each case on a larger history against a smaller one, in turns).

const FILTERS = {
  integration: (ids) => `integrationId=${ids[1]}`,
  type: () => 'type=PURCHASE',
  status: () => 'status=failed',
  source: () => 'source=backfill',
  reason: () => 'reason=timeout',
  week: (_ids, now) => `from=${now - 7 * 86_400_000}&to=${now}`,
};

/** The fixed list of cases: [name, path]. */
export function cases(ids, now) {
  const list = [['first page', '/api/deliveries']];
  const names = Object.keys(FILTERS);
  for (const n of names) list.push([`filter ${n}`, `/api/deliveries?${FILTERS[n](ids, now)}`]);
  for (let a = 0; a < names.length; a++)
    for (let b = a + 1; b < names.length; b++)
      list.push([
        `pair ${names[a]}+${names[b]}`,
        `/api/deliveries?${FILTERS[names[a]](ids, now)}&${FILTERS[names[b]](ids, now)}`,
      ]);
  list.push(
    ['rare failed+RETURN+backfill', '/api/deliveries?status=failed&type=RETURN&source=backfill'],
    ['rare retrying+LOAN_ORDER', '/api/deliveries?status=retrying&type=LOAN_ORDER'],
    ['rare owner-invalid+APP_TYPE_MANUAL', `/api/deliveries?reason=owner-invalid&type=APP_TYPE_MANUAL`],
    [
      'range one day, 60 days ago',
      `/api/deliveries?from=${now - 60 * 86_400_000}&to=${now - 59 * 86_400_000}`,
    ],
    ['range last hour', `/api/deliveries?from=${now - 3_600_000}&to=${now}`],
    ['search email', '/api/deliveries?q=shopper1234%40'],
    ['search external id', '/api/deliveries?q=ORD-150321'],
    ['search sku', '/api/deliveries?q=SKU-4321'],
    ['search description word', '/api/deliveries?q=jacket'],
    ['search decoded message', '/api/deliveries?q=wrong%20sha'],
    ['search no match', '/api/deliveries?q=zzqqxx'],
    ['search + filter', '/api/deliveries?q=shopper12&type=PURCHASE'],
    ['attention groups', '/api/attention'],
    ['attention count', '/api/attention?countOnly=1'],
    // Exports past EXPORT_DIRECT_MAX_ROWS (5,000) run as jobs; the direct CSV of a filter under it:
    ['export owner-invalid (csv)', '/api/deliveries/export?reason=owner-invalid'],
  );
  // The overview (issue 15): read from its rollups, in a zone whose days are not UTC days.
  for (const period of ['7d', '30d', '90d'])
    for (const [scope, integration] of [
      ['all', ''],
      ['one', `&integrationId=${ids[1]}`],
    ])
      for (const basis of ['event', 'sent'])
        list.push([
          `overview ${period} ${scope} by ${basis}`,
          `/api/overview?period=${period}&basis=${basis}&tz=Europe%2FWarsaw${integration}`,
        ]);
  return list;
}

/** A history case's next page: its path with the cursor of its first page's answer, or null if it has none. */
export function nextPath(p, answer) {
  const cursor =
    p.startsWith('/api/deliveries?') || p === '/api/deliveries' ? JSON.parse(answer).nextCursor : null;
  return cursor ? `${p}${p.includes('?') ? '&' : '?'}cursor=${cursor}` : null;
}

export async function timed(baseUrl, cookie, p) {
  const t = performance.now();
  // A kept-alive connection the server closed at the moment it was reused fails with ECONNRESET before
  // any answer: sent again once (a console that died fails again, with ECONNREFUSED).
  const res = await fetch(baseUrl + p, { headers: { cookie } }).catch((err) =>
    err.cause?.code === 'ECONNRESET' ? fetch(baseUrl + p, { headers: { cookie } }) : Promise.reject(err),
  );
  const bytes = Buffer.from(await res.arrayBuffer());
  const ms = performance.now() - t;
  const body = bytes.toString('utf8');
  if (!res.ok)
    throw Object.assign(new Error(`${p}: ${res.status} ${body.slice(0, 200)}`), { status: res.status });
  return { ms, body, bytes, type: res.headers.get('content-type') };
}

export const stats = (times) => {
  times.sort((a, b) => a - b);
  return {
    median: times[Math.floor(times.length / 2)],
    p95: times[Math.min(times.length - 1, Math.ceil(times.length * 0.95) - 1)],
  };
};
