// The floor the collector is measured against (issue: "a bare node:http server that parses the same
// body and inserts the same row with better-sqlite3"). Runs as its own process, like the console.
import Database from 'better-sqlite3';
import http from 'node:http';

import { migrationsSql } from './lib.mjs';

const [port, file] = process.argv.slice(2);
const db = new Database(file);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
db.pragma('foreign_keys = ON');
for (const stmt of migrationsSql()) if (stmt.trim()) db.exec(stmt);
db.prepare(
  "insert into integrations (id, name, endpoint, client_id, owner, api_key_enc, api_key_hint, api_secret_enc, api_secret_hint, collector_key, updated_at) values (1, 'Floor', 'https://app2.salesmanago.pl', 'x', 'o@example.com', 'x', 'x', 'x', 'x', 'ck_floor', 0)",
).run();
const insert = db.prepare(
  `insert into deliveries (integration_id, integration_name, source, operation, type, contact, external_id, products, value,
   event_date, event, status, page_url, origin, user_agent, created_at, updated_at)
   values (1, 'Floor', 'website', 'add', @type, @contact, @externalId, @products, @value, @date, @event, 'queued', @pageUrl,
   @origin, @ua, @now, @now)`,
);

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
      insert.run({
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
      res.writeHead(202, {
        'content-type': 'application/json',
        'access-control-allow-origin': req.headers.origin ?? '*',
      });
      res.end('{"accepted":true}');
    });
  })
  .listen(Number(port), '127.0.0.1', () => process.send?.('ready'));
