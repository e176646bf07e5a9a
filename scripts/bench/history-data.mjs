// The history benchmark's data set: N deliveries with a shop's mix, written straight into a console's
// database (the project's own migrations made it; the console must be stopped while this runs).
// Usage: node scripts/bench/history-data.mjs <data-dir> [--rows 1000000] [--seed 1]
// Imported by history.mjs; run alone it fills an existing data directory (start the console once first).
import Database from 'better-sqlite3';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const DAY = 86_400_000;
const DAYS = 90;

// Weights per type, like a shop's traffic: visits and carts dominate, loans are rare. All 25 types.
const TYPE_WEIGHTS = {
  VISIT: 400, CART: 160, PURCHASE: 60, LOGIN: 90, OFFER: 40, OTHER: 30, DOWNLOAD: 15, SURVEY: 8,
  PHONE_CALL: 6, RESERVATION: 8, CANCELLED: 4, ACTIVATION: 5, MEETING: 3, TRANSACTION: 10,
  CANCELLATION: 3, RETURN: 4, APP_STATUS: 2, APP_TYPE_WEB: 2, APP_TYPE_MANUAL: 1, APP_TYPE_RETENTION: 1,
  APP_TYPE_UPSALE: 1, LOAN_STATUS: 1, LOAN_ORDER: 1, FIRST_LOAN: 1, REPEATED_LOAN: 1,
}; // prettier-ignore
const SOURCE_WEIGHTS = { website: 700, api: 150, composer: 40, backfill: 100, resend: 10 };
// ~2 % failed, across the reasons SALESmanago gives and the network ones.
const FAILURES = [
  ['contact-not-found', 'Contact with given email does not exist'],
  ['validation-failed', 'Field description is too long'],
  ['auth-wrong-token', 'Not authenticated: wrong sha'],
  ['owner-invalid', 'Owner is not a user of this account'],
  ['http-server-error', 'HTTP 503 Service Unavailable'],
  ['timeout', 'No answer within 10 seconds'],
  ['event-type-invalid', 'Unknown contactExtEventType'],
];
const WORDS = [
  'summer',
  'sale',
  'shoes',
  'jacket',
  'gift',
  'winter',
  'bundle',
  'promo',
  'newsletter',
  'return',
];
const CURRENCIES = ['PLN', 'EUR', 'USD'];

/** A small seeded generator (mulberry32): the same seed gives the same data set. */
export function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function picker(weights, rnd) {
  const entries = Object.entries(weights);
  const total = entries.reduce((s, [, w]) => s + w, 0);
  return () => {
    let x = rnd() * total;
    for (const [k, w] of entries) if ((x -= w) < 0) return k;
    return entries[0][0];
  };
}

/** Four integrations besides the sandbox one, with the sandbox's (encrypted) credentials. */
function integrations(db) {
  const base = db.prepare('select * from integrations where is_sandbox = 1').get();
  if (!base) throw new Error('No sandbox integration: start the console once on this data directory first.');
  const ids = [base.id];
  const insert = db.prepare(
    `insert into integrations (name, endpoint, client_id, owner, api_key_enc, api_key_hint, api_secret_enc,
       api_secret_hint, collector_key, detail_labels, updated_at)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  for (const name of ['Shop PL', 'Shop DE', 'Outlet', 'Mobile app']) {
    const row = insert.run(
      name,
      base.endpoint,
      base.client_id,
      base.owner,
      base.api_key_enc,
      base.api_key_hint,
      base.api_secret_enc,
      base.api_secret_hint,
      `bench-${name.replace(/\W/g, '').toLowerCase()}-${Date.now()}`,
      JSON.stringify({ detail9: 'Currency' }),
      Date.now(),
    );
    ids.push(Number(row.lastInsertRowid));
  }
  return db.prepare(`select id, name, is_sandbox from integrations where id in (${ids.join(',')})`).all();
}

/**
 * The overview's rollups were not kept while the triggers were gone: each is filled again from its
 * `<table>_raw` view, the definition migration 0014 filled it from (the same SQL, not a copy).
 */
export function rebuildRollups(db) {
  const views = db
    .prepare("select name from sqlite_master where type = 'view' and name glob 'rollup_*_raw'")
    .all()
    .map((v) => v.name);
  db.transaction(() => {
    for (const view of views) {
      const table = view.slice(0, -'_raw'.length);
      db.exec(`delete from "${table}"; insert into "${table}" select * from "${view}"`);
    }
  })();
}

/**
 * Fills the search index from its view, a million deliveries per transaction, with FTS5's merging put
 * off: with its defaults FTS5 flushes a b-tree every megabyte of pending terms and merges as it goes.
 * With a 256 MB hash and no merges each million is one b-tree (4–5 s a million, flat, at ten million
 * here), merged into one at the end (`optimize`: 14 s at ten million since migration 0022's index holds
 * rowids only; of the positions 0006's index kept, the same merge read 1.3 TB from the page cache in
 * eight minutes without finishing). The table's defaults are set back at the end (its shadow tables
 * cannot be written directly).
 */
export function fillSearchIndex(db, chunk = 1_000_000) {
  if (!db.prepare("select 1 from sqlite_master where name = 'deliveries_fts'").get()) return;
  // FTS5 takes these as integers only: literals, since better-sqlite3 binds a JavaScript number as a REAL.
  const set = (key, value) =>
    db.exec(`insert into deliveries_fts (deliveries_fts, rank) values ('${key}', ${value})`);
  set('hashsize', 256 * 1024 * 1024);
  set('automerge', 0);
  set('crisismerge', 1999);
  const { lo, hi } = db.prepare('select min(id) lo, max(id) hi from deliveries').get();
  const fill = db.prepare(
    'insert into deliveries_fts (rowid, body) select id, body from deliveries_search_text where id between ? and ?',
  );
  for (let from = lo ?? 0; from <= (hi ?? -1); from += chunk) {
    db.transaction(() => fill.run(from, from + chunk - 1))();
    db.pragma('wal_checkpoint(TRUNCATE)');
  }
  db.exec("insert into deliveries_fts (deliveries_fts) values ('optimize')");
  set('hashsize', 1024 * 1024);
  set('automerge', 4);
  set('crisismerge', 16);
}

/**
 * Writes `rows` deliveries (and their attempts) into the database at `file`. Secondary indexes are
 * dropped during the load and created again from their own SQL (the schema's, unchanged), which is
 * several times faster than maintaining them row by row; the overview's rollups are then rebuilt and
 * ANALYZE runs at the end.
 */
export function generateHistory(
  file,
  { rows = 1_000_000, seed = 1, now = Date.now(), resends = true, log = console.log } = {},
) {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  // Building the indexes sorts every row: SQLite's sorter keeps up to cache_size in memory before it
  // spills to temporary files (2 MB by default), and temp_store keeps what spills in memory too.
  db.pragma('cache_size = -262144');
  db.pragma('temp_store = MEMORY');
  db.pragma('threads = 2');
  const rnd = random(seed);
  const type = picker(TYPE_WEIGHTS, rnd);
  // resends: false leaves resend_of empty everywhere, as on a console where nobody resent anything yet
  // (the history that once made the planner pick the wrong index for Needs attention).
  const source = picker(resends ? SOURCE_WEIGHTS : { ...SOURCE_WEIGHTS, resend: 0 }, rnd);
  const int = (n) => Math.floor(rnd() * n);
  const targets = integrations(db);
  const contacts = Math.max(100, Math.floor(rows / 8)); // each contact has ~8 events

  // Indexes and the search triggers go during the load and come back from their own SQL; the search
  // index is then filled in one statement, as its migration does for existing rows.
  const derived = db
    .prepare(
      `select type, name, sql from sqlite_master
       where type in ('index', 'trigger') and tbl_name in ('deliveries', 'attempts') and sql is not null`,
    )
    .all();
  for (const x of derived) db.exec(`drop ${x.type} "${x.name}"`);

  const insertDelivery = db.prepare(
    `insert into deliveries (integration_id, integration_name, source, operation, type, contact, external_id,
       products, value, currency, event_date, event, status, reason, reason_message, sm_event_id, attempt_count,
       last_http_status, last_duration_ms, next_attempt_at, possible_duplicate, resend_of, page_url, origin,
       created_at, updated_at, completed_at)
     values (?, ?, ?, 'add', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertAttempt = db.prepare(
    `insert into attempts (delivery_id, number, started_at, duration_ms, url, request, http_status,
       response_body, outcome, reason, message, batch_size)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const url = 'https://app3.salesmanago.pl/api/v2/contact/addContactExtEvent';
  const started = performance.now();
  let lastId = 0;
  const write = db.transaction((from, to) => {
    for (let i = from; i < to; i++) {
      const t = type();
      const target = targets[int(targets.length)];
      let src = source();
      // Send dates spread over 90 days in order (ids grow with time, as in a real history).
      const createdAt = now - DAYS * DAY + Math.floor(((i + rnd()) / rows) * DAYS * DAY);
      // Backfills carry last year's event dates; everything else happened just before it was sent.
      const eventDate = src === 'backfill' ? createdAt - 365 * DAY + int(DAY) : createdAt - int(60_000);
      const contactNo = int(contacts);
      const contact = contactNo % 20 === 0 ? `c-${contactNo}` : `shopper${contactNo}@example.com`;
      const valued = t === 'PURCHASE' || t === 'CART' || t === 'TRANSACTION' || t === 'RETURN';
      const value = valued ? Math.round((10 + rnd() * 990) * 100) / 100 : null;
      const externalId = valued || t === 'RESERVATION' || t === 'LOAN_ORDER' ? `ORD-${100000 + i}` : null;
      const products = t === 'VISIT' || valued ? `SKU-${int(5000)},SKU-${int(5000)}` : null;
      const description = `${WORDS[int(WORDS.length)]} ${WORDS[int(WORDS.length)]}`;
      const failed = rnd() < 0.02;
      const retrying = !failed && i > rows - 200 && rnd() < 0.3;
      const [reason, message] = failed ? FAILURES[int(FAILURES.length)] : ['ok', null];
      const resendOf = src === 'resend' && lastId > 0 ? 1 + int(lastId) : null;
      if (src === 'resend' && resendOf === null) src = 'api';
      const event = {
        type: t,
        ...(contact.includes('@') ? { email: contact } : { contactId: contact }),
        date: eventDate,
        description,
        ...(products ? { products } : {}),
        ...(externalId ? { externalId } : {}),
        ...(value !== null ? { value, detail9: CURRENCIES[int(CURRENCIES.length)] } : {}),
      };
      // As lib/salesmanago/currency.ts reads it: detail9 is Currency by the type's convention (purchase,
      // cart) or by the integration's own names (every integration but the sandbox one names it).
      const currency =
        value !== null && (t === 'PURCHASE' || t === 'CART' || !target.is_sandbox) ? event.detail9 : null;
      const tries = failed ? 1 + int(3) : 1;
      const status = failed ? 'failed' : retrying ? 'retrying' : 'succeeded';
      const res = insertDelivery.run(
        target.id,
        target.name,
        src,
        t,
        contact,
        externalId,
        products,
        value,
        currency,
        eventDate,
        JSON.stringify(event),
        status,
        failed ? reason : retrying ? 'http-server-error' : null,
        failed ? message : null,
        failed ? null : `sm-${i}`,
        tries,
        failed ? 400 : 200,
        50 + int(400),
        retrying ? now + int(3_600_000) : null,
        failed && reason === 'timeout' ? 1 : 0,
        resendOf,
        src === 'website' ? `https://shop.example.com/p/${int(5000)}` : null,
        src === 'website' ? 'https://shop.example.com' : null,
        createdAt,
        createdAt + 500,
        status === 'retrying' ? null : createdAt + 500,
      );
      lastId = Number(res.lastInsertRowid);
      const request = JSON.stringify({ clientId: 'bench', apiKey: '••••', sha: '••••', contactEvent: event });
      for (let n = 1; n <= tries; n++) {
        const last = n === tries;
        insertAttempt.run(
          lastId,
          n,
          createdAt + (n - 1) * 10_000,
          50 + int(400),
          url,
          request,
          last && !failed ? 200 : 400,
          last && !failed
            ? `{"success":true,"message":[],"eventId":"sm-${i}"}`
            : `{"success":false,"message":["${message ?? 'Try again later'}"]}`,
          last && !failed ? 'succeeded' : failed && last ? 'rejected' : 'transient',
          last && !failed ? 'ok' : reason,
          last && !failed ? null : message,
          null,
        );
      }
    }
  });
  const CHUNK = 50_000;
  for (let from = 0; from < rows; from += CHUNK) {
    write(from, Math.min(rows, from + CHUNK));
    if ((from / CHUNK) % 10 === 9) log(`  ${(from + CHUNK).toLocaleString('en-US')} rows`);
  }
  const loaded = performance.now();
  const phases = [];
  const phase = (name, run) => {
    const t = performance.now();
    run();
    phases.push(`${name} ${((performance.now() - t) / 1000).toFixed(1)} s`);
  };
  phase('indexes', () => {
    for (const x of derived) db.exec(x.sql);
  });
  phase('search index', () => fillSearchIndex(db));
  phase('rollups', () => rebuildRollups(db));
  phase('ANALYZE', () => db.exec('ANALYZE'));
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  const done = performance.now();
  log(
    `  generated ${rows.toLocaleString('en-US')} deliveries in ${((loaded - started) / 1000).toFixed(1)} s, ` +
      `then ${((done - loaded) / 1000).toFixed(1)} s (${phases.join(', ')})`,
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [dir, ...rest] = process.argv.slice(2);
  if (!dir) throw new Error('Usage: node scripts/bench/history-data.mjs <data-dir> [--rows N] [--seed S]');
  const opt = (name, d) => {
    const i = rest.indexOf(`--${name}`);
    return i >= 0 ? Number(rest[i + 1]) : d;
  };
  generateHistory(path.join(dir, 'console.db'), { rows: opt('rows', 1_000_000), seed: opt('seed', 1) });
}
