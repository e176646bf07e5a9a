// The floor the collector is measured against (issue: "a bare node:http server that parses the same
// body and inserts the same row with better-sqlite3"). Runs as its own process, like the console.
// Usage: collector-floor-server.mjs <port> <SQLite file | postgres:// address>. On PostgreSQL (issue 17)
// it is the same server inserting the same row through the console's driver (`pg`, a pool of the size
// lib/data/postgres-start.ts opens) into a database migrated like the console's: one INSERT per request.
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import http from 'node:http';
import path from 'node:path';
import pg from 'pg';

import { migrationsSql } from './lib.mjs';

const [port, target] = process.argv.slice(2);

const INTEGRATION = `insert into integrations (id, name, endpoint, client_id, owner, api_key_enc, api_key_hint,
   api_secret_enc, api_secret_hint, collector_key, updated_at)
   values (1, 'Floor', 'https://app2.salesmanago.pl', 'x', 'o@example.com', 'x', 'x', 'x', 'x', 'ck_floor', 0)`;
const COLUMNS = `integration_id, integration_name, source, operation, type, contact, external_id, products, value,
   event_date, event, status, page_url, origin, user_agent, created_at, updated_at`;

/** SQLite: a prepared insert run synchronously; returns nothing, so the answer goes out at once. */
function sqliteInsert(file) {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  for (const stmt of migrationsSql()) if (stmt.trim()) db.exec(stmt);
  db.prepare(INTEGRATION).run();
  const insert = db.prepare(
    `insert into deliveries (${COLUMNS})
     values (1, 'Floor', 'website', 'add', @type, @contact, @externalId, @products, @value, @date, @event, 'queued',
     @pageUrl, @origin, @ua, @now, @now)`,
  );
  return (row) => void insert.run(row);
}

/** PostgreSQL: the console's migrations, then one parameterised INSERT per row on the pool; a promise. */
async function pgInsert(url) {
  // Connections per process: lib/data/postgres-start.ts's POOL_SIZE.
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  await migrate(drizzle({ client: pool }), { migrationsFolder: path.join('db', 'migrations-pg') });
  await pool.query(INTEGRATION);
  const text = `insert into deliveries (${COLUMNS})
     values (1, 'Floor', 'website', 'add', $1, $2, $3, $4, $5, $6, $7, 'queued', $8, $9, $10, $11, $11)`;
  return async (r) => {
    await pool.query(text, [
      r.type,
      r.contact,
      r.externalId,
      r.products,
      r.value,
      r.date,
      r.event,
      r.pageUrl,
      r.origin,
      r.ua,
      r.now,
    ]);
  };
}

const insert = /^postgres(ql)?:\/\//.test(target) ? await pgInsert(target) : sqliteInsert(target);

http
  .createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      let e;
      try {
        e = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        res.writeHead(400).end();
        return;
      }
      const now = Date.now();
      const answer = () => {
        res.writeHead(202, {
          'content-type': 'application/json',
          'access-control-allow-origin': req.headers.origin ?? '*',
        });
        res.end('{"accepted":true}');
      };
      const written = insert({
        type: e.type,
        contact: e.email ?? e.contactId,
        externalId: e.externalId ?? null,
        products: e.products ?? null,
        value: e.value ?? null,
        date: e.date ?? now,
        event: JSON.stringify(e),
        pageUrl: e.pageUrl ?? null,
        origin: req.headers.origin ?? null,
        ua: req.headers['user-agent'] ?? null,
        now,
      });
      // SQLite wrote synchronously (no promise, no extra turn, as before PostgreSQL was added).
      if (!written) answer();
      else written.then(answer, () => res.writeHead(500).end());
    });
  })
  .listen(Number(port), '127.0.0.1', () => process.send?.('ready'));
