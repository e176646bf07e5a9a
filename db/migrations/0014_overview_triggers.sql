-- The overview's rollups (issue 15), kept by triggers in the same transaction as every write to deliveries
-- and attempts, whoever makes it: the collector's group commit, the worker's settle, resends, bulk retries
-- and cancels, backfill, retention, contact erasure, mark-delivered, stop-retrying, an integration deleted.
-- Each table's definition is its `<table>_raw` view, a GROUP BY over deliveries: this migration fills the
-- tables from them, the benchmark's generator rebuilds from them, and lib/data/overview-rollups.test.ts
-- holds the triggers to them after random sequences of the real writes.
-- Hour and day: `span_hours` 1 and 24, `bucket` = epoch ms / (span_hours × 3,600,000).
-- Costs kept small: an update fires a table's trigger only when a column it counts changed (queued →
-- sending changes no outcome, so the worker's claim touches no rollup); each trigger statement writes
-- one row per tier.
-- Needs attention's rules are repeated here as SQL (lib/data/attention.ts: three attempts, reasons in
-- WONT_CLEAR_BY_WAITING = 'dns'); the property test compares the rollup with attention.ts's own query.
--
-- First the currency of the deliveries written before this migration, as lib/salesmanago/currency.ts
-- reads it: the integration's own slot named Currency (or Waluta), else detail9 for a purchase or cart
-- unless the integration renamed detail9. New deliveries get it from the code that writes them.
UPDATE `deliveries` SET `currency` = (
  SELECT nullif(trim(json_extract(`deliveries`.`event`, '$.' || c.slot)), '')
  FROM (
    SELECT j.key AS slot, 0 AS pri, j.id AS ord
    FROM `integrations` i, json_each(i.`detail_labels`) j
    WHERE i.`id` = `deliveries`.`integration_id` AND (j.value LIKE '%currency%' OR j.value LIKE '%waluta%')
    UNION ALL
    SELECT 'detail9', 1, 0 WHERE `deliveries`.`type` IN ('PURCHASE', 'CART') AND NOT EXISTS (
      SELECT 1 FROM `integrations` i
      WHERE i.`id` = `deliveries`.`integration_id` AND json_extract(i.`detail_labels`, '$.detail9') IS NOT NULL)
  ) c
  WHERE json_type(`deliveries`.`event`, '$.' || c.slot) = 'text' AND json_extract(`deliveries`.`event`, '$.' || c.slot) <> ''
  ORDER BY c.pri, c.ord LIMIT 1
);
--> statement-breakpoint
CREATE VIEW `rollup_spans` AS SELECT 1 AS span_hours UNION ALL SELECT 24;
--> statement-breakpoint
CREATE VIEW `rollup_bases` AS SELECT 'sent' AS basis UNION ALL SELECT 'event';
--> statement-breakpoint
CREATE VIEW `rollup_sent_raw` AS
SELECT s.span_hours, CAST(d.created_at AS INTEGER) / (s.span_hours * 3600000) AS bucket, coalesce(d.integration_id, 0) AS integration_id, count(*) AS sent,
  sum(d.status = 'succeeded') AS delivered, sum(d.status = 'failed') AS failed, sum(CASE WHEN d.status = 'failed' THEN NOT EXISTS (SELECT 1 FROM deliveries x WHERE x.resend_of = d.id AND x.status = 'succeeded') ELSE 0 END) AS unresolved,
  sum(d.status IN ('queued', 'sending', 'retrying')) AS waiting, sum(d.status = 'cancelled') AS cancelled
FROM deliveries d, rollup_spans s GROUP BY 1, 2, 3;
--> statement-breakpoint
CREATE VIEW `rollup_types_raw` AS
SELECT s.span_hours, CAST(d.created_at AS INTEGER) / (s.span_hours * 3600000) AS bucket, coalesce(d.integration_id, 0) AS integration_id, d.type AS type, count(*) AS n
FROM deliveries d, rollup_spans s GROUP BY 1, 2, 3, 4;
--> statement-breakpoint
CREATE VIEW `rollup_sources_raw` AS
SELECT s.span_hours, CAST(d.created_at AS INTEGER) / (s.span_hours * 3600000) AS bucket, coalesce(d.integration_id, 0) AS integration_id, d.source AS source, count(*) AS n
FROM deliveries d, rollup_spans s GROUP BY 1, 2, 3, 4;
--> statement-breakpoint
CREATE VIEW `rollup_reasons_raw` AS
SELECT s.span_hours, CAST(d.created_at AS INTEGER) / (s.span_hours * 3600000) AS bucket, coalesce(d.integration_id, 0) AS integration_id, coalesce(d.reason, '') AS reason,
  count(*) AS failed
FROM deliveries d, rollup_spans s WHERE d.status = 'failed' GROUP BY 1, 2, 3, 4;
--> statement-breakpoint
CREATE VIEW `rollup_worth_raw` AS
SELECT b.basis, s.span_hours, CAST(CASE b.basis WHEN 'sent' THEN d.created_at ELSE d.event_date END AS INTEGER) / (s.span_hours * 3600000) AS bucket, coalesce(d.integration_id, 0) AS integration_id, coalesce(d.currency, '') AS currency,
  sum(d.type = 'PURCHASE') AS orders, sum(CASE WHEN d.type = 'PURCHASE' THEN coalesce(CAST(round(d.value * 10000) AS INTEGER), 0) ELSE 0 END) AS revenue, sum(d.type = 'CART') AS carts
FROM deliveries d, rollup_spans s, rollup_bases b WHERE (d.type IN ('PURCHASE', 'CART') AND d.source <> 'resend' AND d.operation = 'add') GROUP BY 1, 2, 3, 4, 5;
--> statement-breakpoint
CREATE VIEW `rollup_products_raw` AS
SELECT b.basis, CAST(CASE b.basis WHEN 'sent' THEN d.created_at ELSE d.event_date END AS INTEGER) / (24 * 3600000) AS day, coalesce(d.integration_id, 0) AS integration_id, trim(p.value) AS product, count(*) AS n
FROM deliveries d, rollup_bases b, json_each('[' || replace(json_quote(d.products), ',', '","') || ']') p
WHERE (d.type = 'PURCHASE' AND d.source <> 'resend' AND d.operation = 'add' AND d.products IS NOT NULL) AND trim(p.value) <> '' GROUP BY 1, 2, 3, 4;
--> statement-breakpoint
CREATE VIEW `rollup_answer_times_raw` AS
SELECT s.span_hours, CAST(a.started_at AS INTEGER) / (s.span_hours * 3600000) AS bucket, coalesce(d.integration_id, 0) AS integration_id,
  CAST(round(4 * log2(max(a.duration_ms, 1))) AS INTEGER) AS ms_bucket, count(*) AS n
FROM attempts a JOIN deliveries d ON d.id = a.delivery_id, rollup_spans s WHERE a.duration_ms IS NOT NULL
GROUP BY 1, 2, 3, 4;
--> statement-breakpoint
CREATE VIEW `rollup_attention_raw` AS
SELECT coalesce(d.reason, '') AS reason, coalesce(d.integration_id, 0) AS integration_id, sum(CASE WHEN d.status = 'failed' THEN NOT EXISTS (SELECT 1 FROM deliveries x WHERE x.resend_of = d.id AND x.status = 'succeeded') ELSE 0 END) AS failed,
  sum((d.status = 'retrying' AND (d.attempt_count >= 3 OR d.reason IN ('dns')))) AS retrying
FROM deliveries d WHERE d.status IN ('failed', 'retrying') GROUP BY 1, 2
HAVING sum(CASE WHEN d.status = 'failed' THEN NOT EXISTS (SELECT 1 FROM deliveries x WHERE x.resend_of = d.id AND x.status = 'succeeded') ELSE 0 END) > 0 OR sum((d.status = 'retrying' AND (d.attempt_count >= 3 OR d.reason IN ('dns')))) > 0;
--> statement-breakpoint
INSERT INTO `rollup_sent` SELECT * FROM `rollup_sent_raw`;
--> statement-breakpoint
INSERT INTO `rollup_types` SELECT * FROM `rollup_types_raw`;
--> statement-breakpoint
INSERT INTO `rollup_sources` SELECT * FROM `rollup_sources_raw`;
--> statement-breakpoint
INSERT INTO `rollup_reasons` SELECT * FROM `rollup_reasons_raw`;
--> statement-breakpoint
INSERT INTO `rollup_worth` SELECT * FROM `rollup_worth_raw`;
--> statement-breakpoint
INSERT INTO `rollup_products` SELECT * FROM `rollup_products_raw`;
--> statement-breakpoint
INSERT INTO `rollup_answer_times` SELECT * FROM `rollup_answer_times_raw`;
--> statement-breakpoint
INSERT INTO `rollup_attention` SELECT * FROM `rollup_attention_raw`;
--> statement-breakpoint
CREATE TRIGGER `rollup_sent_insert` AFTER INSERT ON `deliveries`
BEGIN
  INSERT INTO rollup_sent (span_hours, bucket, integration_id, sent, delivered, failed, unresolved, waiting, cancelled)
  SELECT s.span_hours, CAST(new.created_at AS INTEGER) / (s.span_hours * 3600000), coalesce(new.integration_id, 0), 1, new.status = 'succeeded',
    new.status = 'failed', CASE WHEN new.status = 'failed' THEN NOT EXISTS (SELECT 1 FROM deliveries x WHERE x.resend_of = new.id AND x.status = 'succeeded') ELSE 0 END,
    new.status IN ('queued', 'sending', 'retrying'), new.status = 'cancelled'
  FROM rollup_spans s WHERE true
  ON CONFLICT (span_hours, bucket, integration_id) DO UPDATE SET sent = sent + excluded.sent,
    delivered = delivered + excluded.delivered, failed = failed + excluded.failed,
    unresolved = unresolved + excluded.unresolved, waiting = waiting + excluded.waiting,
    cancelled = cancelled + excluded.cancelled;
END;
--> statement-breakpoint
CREATE TRIGGER `rollup_sent_update` AFTER UPDATE OF status, created_at, integration_id ON `deliveries`
WHEN (CASE old.status WHEN 'succeeded' THEN 1 WHEN 'failed' THEN 2 WHEN 'cancelled' THEN 3 ELSE 0 END) <> (CASE new.status WHEN 'succeeded' THEN 1 WHEN 'failed' THEN 2 WHEN 'cancelled' THEN 3 ELSE 0 END) OR old.created_at IS NOT new.created_at OR old.integration_id IS NOT new.integration_id
BEGIN
  INSERT INTO rollup_sent (span_hours, bucket, integration_id, sent, delivered, failed, unresolved, waiting, cancelled)
  SELECT s.span_hours, CAST(old.created_at AS INTEGER) / (s.span_hours * 3600000), coalesce(old.integration_id, 0), -1, -(old.status = 'succeeded'),
    -(old.status = 'failed'), -(CASE WHEN old.status = 'failed' THEN NOT EXISTS (SELECT 1 FROM deliveries x WHERE x.resend_of = old.id AND x.status = 'succeeded') ELSE 0 END),
    -(old.status IN ('queued', 'sending', 'retrying')), -(old.status = 'cancelled')
  FROM rollup_spans s WHERE true
  ON CONFLICT (span_hours, bucket, integration_id) DO UPDATE SET sent = sent + excluded.sent,
    delivered = delivered + excluded.delivered, failed = failed + excluded.failed,
    unresolved = unresolved + excluded.unresolved, waiting = waiting + excluded.waiting,
    cancelled = cancelled + excluded.cancelled;
  INSERT INTO rollup_sent (span_hours, bucket, integration_id, sent, delivered, failed, unresolved, waiting, cancelled)
  SELECT s.span_hours, CAST(new.created_at AS INTEGER) / (s.span_hours * 3600000), coalesce(new.integration_id, 0), 1, new.status = 'succeeded',
    new.status = 'failed', CASE WHEN new.status = 'failed' THEN NOT EXISTS (SELECT 1 FROM deliveries x WHERE x.resend_of = new.id AND x.status = 'succeeded') ELSE 0 END,
    new.status IN ('queued', 'sending', 'retrying'), new.status = 'cancelled'
  FROM rollup_spans s WHERE true
  ON CONFLICT (span_hours, bucket, integration_id) DO UPDATE SET sent = sent + excluded.sent,
    delivered = delivered + excluded.delivered, failed = failed + excluded.failed,
    unresolved = unresolved + excluded.unresolved, waiting = waiting + excluded.waiting,
    cancelled = cancelled + excluded.cancelled;
END;
--> statement-breakpoint
CREATE TRIGGER `rollup_sent_delete` AFTER DELETE ON `deliveries`
BEGIN
  INSERT INTO rollup_sent (span_hours, bucket, integration_id, sent, delivered, failed, unresolved, waiting, cancelled)
  SELECT s.span_hours, CAST(old.created_at AS INTEGER) / (s.span_hours * 3600000), coalesce(old.integration_id, 0), -1, -(old.status = 'succeeded'),
    -(old.status = 'failed'), -(CASE WHEN old.status = 'failed' THEN NOT EXISTS (SELECT 1 FROM deliveries x WHERE x.resend_of = old.id AND x.status = 'succeeded') ELSE 0 END),
    -(old.status IN ('queued', 'sending', 'retrying')), -(old.status = 'cancelled')
  FROM rollup_spans s WHERE true
  ON CONFLICT (span_hours, bucket, integration_id) DO UPDATE SET sent = sent + excluded.sent,
    delivered = delivered + excluded.delivered, failed = failed + excluded.failed,
    unresolved = unresolved + excluded.unresolved, waiting = waiting + excluded.waiting,
    cancelled = cancelled + excluded.cancelled;
END;
--> statement-breakpoint
CREATE TRIGGER `rollup_types_insert` AFTER INSERT ON `deliveries`
BEGIN
  INSERT INTO rollup_types (span_hours, bucket, integration_id, type, n)
  SELECT s.span_hours, CAST(new.created_at AS INTEGER) / (s.span_hours * 3600000), coalesce(new.integration_id, 0), new.type, 1 FROM rollup_spans s WHERE true
  ON CONFLICT (span_hours, bucket, integration_id, type) DO UPDATE SET n = n + excluded.n;
END;
--> statement-breakpoint
CREATE TRIGGER `rollup_types_update` AFTER UPDATE OF type, created_at, integration_id ON `deliveries`
WHEN old.type IS NOT new.type OR old.created_at IS NOT new.created_at OR old.integration_id IS NOT new.integration_id
BEGIN
  INSERT INTO rollup_types (span_hours, bucket, integration_id, type, n)
  SELECT s.span_hours, CAST(old.created_at AS INTEGER) / (s.span_hours * 3600000), coalesce(old.integration_id, 0), old.type, -1 FROM rollup_spans s WHERE true
  ON CONFLICT (span_hours, bucket, integration_id, type) DO UPDATE SET n = n + excluded.n;
  INSERT INTO rollup_types (span_hours, bucket, integration_id, type, n)
  SELECT s.span_hours, CAST(new.created_at AS INTEGER) / (s.span_hours * 3600000), coalesce(new.integration_id, 0), new.type, 1 FROM rollup_spans s WHERE true
  ON CONFLICT (span_hours, bucket, integration_id, type) DO UPDATE SET n = n + excluded.n;
END;
--> statement-breakpoint
CREATE TRIGGER `rollup_types_delete` AFTER DELETE ON `deliveries`
BEGIN
  INSERT INTO rollup_types (span_hours, bucket, integration_id, type, n)
  SELECT s.span_hours, CAST(old.created_at AS INTEGER) / (s.span_hours * 3600000), coalesce(old.integration_id, 0), old.type, -1 FROM rollup_spans s WHERE true
  ON CONFLICT (span_hours, bucket, integration_id, type) DO UPDATE SET n = n + excluded.n;
END;
--> statement-breakpoint
CREATE TRIGGER `rollup_sources_insert` AFTER INSERT ON `deliveries`
BEGIN
  INSERT INTO rollup_sources (span_hours, bucket, integration_id, source, n)
  SELECT s.span_hours, CAST(new.created_at AS INTEGER) / (s.span_hours * 3600000), coalesce(new.integration_id, 0), new.source, 1 FROM rollup_spans s WHERE true
  ON CONFLICT (span_hours, bucket, integration_id, source) DO UPDATE SET n = n + excluded.n;
END;
--> statement-breakpoint
CREATE TRIGGER `rollup_sources_update` AFTER UPDATE OF source, created_at, integration_id ON `deliveries`
WHEN old.source IS NOT new.source OR old.created_at IS NOT new.created_at OR old.integration_id IS NOT new.integration_id
BEGIN
  INSERT INTO rollup_sources (span_hours, bucket, integration_id, source, n)
  SELECT s.span_hours, CAST(old.created_at AS INTEGER) / (s.span_hours * 3600000), coalesce(old.integration_id, 0), old.source, -1 FROM rollup_spans s WHERE true
  ON CONFLICT (span_hours, bucket, integration_id, source) DO UPDATE SET n = n + excluded.n;
  INSERT INTO rollup_sources (span_hours, bucket, integration_id, source, n)
  SELECT s.span_hours, CAST(new.created_at AS INTEGER) / (s.span_hours * 3600000), coalesce(new.integration_id, 0), new.source, 1 FROM rollup_spans s WHERE true
  ON CONFLICT (span_hours, bucket, integration_id, source) DO UPDATE SET n = n + excluded.n;
END;
--> statement-breakpoint
CREATE TRIGGER `rollup_sources_delete` AFTER DELETE ON `deliveries`
BEGIN
  INSERT INTO rollup_sources (span_hours, bucket, integration_id, source, n)
  SELECT s.span_hours, CAST(old.created_at AS INTEGER) / (s.span_hours * 3600000), coalesce(old.integration_id, 0), old.source, -1 FROM rollup_spans s WHERE true
  ON CONFLICT (span_hours, bucket, integration_id, source) DO UPDATE SET n = n + excluded.n;
END;
--> statement-breakpoint
CREATE TRIGGER `rollup_reasons_insert` AFTER INSERT ON `deliveries`
WHEN new.status = 'failed'
BEGIN
  INSERT INTO rollup_reasons (span_hours, bucket, integration_id, reason, failed)
  SELECT s.span_hours, CAST(new.created_at AS INTEGER) / (s.span_hours * 3600000), coalesce(new.integration_id, 0), coalesce(new.reason, ''), 1
  FROM rollup_spans s WHERE new.status = 'failed'
  ON CONFLICT (span_hours, bucket, integration_id, reason) DO UPDATE SET failed = failed + excluded.failed;
END;
--> statement-breakpoint
CREATE TRIGGER `rollup_reasons_update` AFTER UPDATE OF status, reason, created_at, integration_id ON `deliveries`
WHEN (old.status = 'failed' OR new.status = 'failed') AND (old.status IS NOT new.status OR old.reason IS NOT new.reason OR old.created_at IS NOT new.created_at OR old.integration_id IS NOT new.integration_id)
BEGIN
  INSERT INTO rollup_reasons (span_hours, bucket, integration_id, reason, failed)
  SELECT s.span_hours, CAST(old.created_at AS INTEGER) / (s.span_hours * 3600000), coalesce(old.integration_id, 0), coalesce(old.reason, ''), -1
  FROM rollup_spans s WHERE old.status = 'failed'
  ON CONFLICT (span_hours, bucket, integration_id, reason) DO UPDATE SET failed = failed + excluded.failed;
  INSERT INTO rollup_reasons (span_hours, bucket, integration_id, reason, failed)
  SELECT s.span_hours, CAST(new.created_at AS INTEGER) / (s.span_hours * 3600000), coalesce(new.integration_id, 0), coalesce(new.reason, ''), 1
  FROM rollup_spans s WHERE new.status = 'failed'
  ON CONFLICT (span_hours, bucket, integration_id, reason) DO UPDATE SET failed = failed + excluded.failed;
END;
--> statement-breakpoint
CREATE TRIGGER `rollup_reasons_delete` AFTER DELETE ON `deliveries`
WHEN old.status = 'failed'
BEGIN
  INSERT INTO rollup_reasons (span_hours, bucket, integration_id, reason, failed)
  SELECT s.span_hours, CAST(old.created_at AS INTEGER) / (s.span_hours * 3600000), coalesce(old.integration_id, 0), coalesce(old.reason, ''), -1
  FROM rollup_spans s WHERE old.status = 'failed'
  ON CONFLICT (span_hours, bucket, integration_id, reason) DO UPDATE SET failed = failed + excluded.failed;
END;
--> statement-breakpoint
CREATE TRIGGER `rollup_worth_insert` AFTER INSERT ON `deliveries`
WHEN (new.type IN ('PURCHASE', 'CART') AND new.source <> 'resend' AND new.operation = 'add')
BEGIN
  INSERT INTO rollup_worth (basis, span_hours, bucket, integration_id, currency, orders, revenue, carts)
  SELECT b.basis, s.span_hours, CAST(CASE b.basis WHEN 'sent' THEN new.created_at ELSE new.event_date END AS INTEGER) / (s.span_hours * 3600000), coalesce(new.integration_id, 0), coalesce(new.currency, ''),
    new.type = 'PURCHASE', CASE WHEN new.type = 'PURCHASE' THEN coalesce(CAST(round(new.value * 10000) AS INTEGER), 0) ELSE 0 END, new.type = 'CART'
  FROM rollup_spans s, rollup_bases b WHERE (new.type IN ('PURCHASE', 'CART') AND new.source <> 'resend' AND new.operation = 'add')
  ON CONFLICT (basis, span_hours, bucket, integration_id, currency) DO UPDATE SET orders = orders + excluded.orders,
    revenue = revenue + excluded.revenue, carts = carts + excluded.carts;
END;
--> statement-breakpoint
CREATE TRIGGER `rollup_worth_update` AFTER UPDATE OF type, source, operation, value, currency, created_at, event_date, integration_id ON `deliveries`
WHEN ((old.type IN ('PURCHASE', 'CART') AND old.source <> 'resend' AND old.operation = 'add') OR (new.type IN ('PURCHASE', 'CART') AND new.source <> 'resend' AND new.operation = 'add')) AND (old.type IS NOT new.type OR old.source IS NOT new.source OR old.operation IS NOT new.operation OR old.value IS NOT new.value OR old.currency IS NOT new.currency OR old.created_at IS NOT new.created_at OR old.event_date IS NOT new.event_date OR old.integration_id IS NOT new.integration_id)
BEGIN
  INSERT INTO rollup_worth (basis, span_hours, bucket, integration_id, currency, orders, revenue, carts)
  SELECT b.basis, s.span_hours, CAST(CASE b.basis WHEN 'sent' THEN old.created_at ELSE old.event_date END AS INTEGER) / (s.span_hours * 3600000), coalesce(old.integration_id, 0), coalesce(old.currency, ''),
    -(old.type = 'PURCHASE'), -(CASE WHEN old.type = 'PURCHASE' THEN coalesce(CAST(round(old.value * 10000) AS INTEGER), 0) ELSE 0 END), -(old.type = 'CART')
  FROM rollup_spans s, rollup_bases b WHERE (old.type IN ('PURCHASE', 'CART') AND old.source <> 'resend' AND old.operation = 'add')
  ON CONFLICT (basis, span_hours, bucket, integration_id, currency) DO UPDATE SET orders = orders + excluded.orders,
    revenue = revenue + excluded.revenue, carts = carts + excluded.carts;
  INSERT INTO rollup_worth (basis, span_hours, bucket, integration_id, currency, orders, revenue, carts)
  SELECT b.basis, s.span_hours, CAST(CASE b.basis WHEN 'sent' THEN new.created_at ELSE new.event_date END AS INTEGER) / (s.span_hours * 3600000), coalesce(new.integration_id, 0), coalesce(new.currency, ''),
    new.type = 'PURCHASE', CASE WHEN new.type = 'PURCHASE' THEN coalesce(CAST(round(new.value * 10000) AS INTEGER), 0) ELSE 0 END, new.type = 'CART'
  FROM rollup_spans s, rollup_bases b WHERE (new.type IN ('PURCHASE', 'CART') AND new.source <> 'resend' AND new.operation = 'add')
  ON CONFLICT (basis, span_hours, bucket, integration_id, currency) DO UPDATE SET orders = orders + excluded.orders,
    revenue = revenue + excluded.revenue, carts = carts + excluded.carts;
END;
--> statement-breakpoint
CREATE TRIGGER `rollup_worth_delete` AFTER DELETE ON `deliveries`
WHEN (old.type IN ('PURCHASE', 'CART') AND old.source <> 'resend' AND old.operation = 'add')
BEGIN
  INSERT INTO rollup_worth (basis, span_hours, bucket, integration_id, currency, orders, revenue, carts)
  SELECT b.basis, s.span_hours, CAST(CASE b.basis WHEN 'sent' THEN old.created_at ELSE old.event_date END AS INTEGER) / (s.span_hours * 3600000), coalesce(old.integration_id, 0), coalesce(old.currency, ''),
    -(old.type = 'PURCHASE'), -(CASE WHEN old.type = 'PURCHASE' THEN coalesce(CAST(round(old.value * 10000) AS INTEGER), 0) ELSE 0 END), -(old.type = 'CART')
  FROM rollup_spans s, rollup_bases b WHERE (old.type IN ('PURCHASE', 'CART') AND old.source <> 'resend' AND old.operation = 'add')
  ON CONFLICT (basis, span_hours, bucket, integration_id, currency) DO UPDATE SET orders = orders + excluded.orders,
    revenue = revenue + excluded.revenue, carts = carts + excluded.carts;
END;
--> statement-breakpoint
CREATE TRIGGER `rollup_products_insert` AFTER INSERT ON `deliveries`
WHEN (new.type = 'PURCHASE' AND new.source <> 'resend' AND new.operation = 'add' AND new.products IS NOT NULL)
BEGIN
  INSERT INTO rollup_products (basis, day, integration_id, product, n)
  SELECT b.basis, CAST(CASE b.basis WHEN 'sent' THEN new.created_at ELSE new.event_date END AS INTEGER) / (24 * 3600000), coalesce(new.integration_id, 0), trim(p.value), 1
  FROM rollup_bases b, json_each('[' || replace(json_quote(new.products), ',', '","') || ']') p
  WHERE (new.type = 'PURCHASE' AND new.source <> 'resend' AND new.operation = 'add' AND new.products IS NOT NULL) AND trim(p.value) <> ''
  ON CONFLICT (basis, day, integration_id, product) DO UPDATE SET n = n + excluded.n;
END;
--> statement-breakpoint
CREATE TRIGGER `rollup_products_update` AFTER UPDATE OF products, type, source, operation, created_at, event_date, integration_id ON `deliveries`
WHEN ((old.type = 'PURCHASE' AND old.source <> 'resend' AND old.operation = 'add' AND old.products IS NOT NULL) OR (new.type = 'PURCHASE' AND new.source <> 'resend' AND new.operation = 'add' AND new.products IS NOT NULL)) AND (old.products IS NOT new.products OR old.type IS NOT new.type OR old.source IS NOT new.source OR old.operation IS NOT new.operation OR old.created_at IS NOT new.created_at OR old.event_date IS NOT new.event_date OR old.integration_id IS NOT new.integration_id)
BEGIN
  INSERT INTO rollup_products (basis, day, integration_id, product, n)
  SELECT b.basis, CAST(CASE b.basis WHEN 'sent' THEN old.created_at ELSE old.event_date END AS INTEGER) / (24 * 3600000), coalesce(old.integration_id, 0), trim(p.value), -1
  FROM rollup_bases b, json_each('[' || replace(json_quote(old.products), ',', '","') || ']') p
  WHERE (old.type = 'PURCHASE' AND old.source <> 'resend' AND old.operation = 'add' AND old.products IS NOT NULL) AND trim(p.value) <> ''
  ON CONFLICT (basis, day, integration_id, product) DO UPDATE SET n = n + excluded.n;
  INSERT INTO rollup_products (basis, day, integration_id, product, n)
  SELECT b.basis, CAST(CASE b.basis WHEN 'sent' THEN new.created_at ELSE new.event_date END AS INTEGER) / (24 * 3600000), coalesce(new.integration_id, 0), trim(p.value), 1
  FROM rollup_bases b, json_each('[' || replace(json_quote(new.products), ',', '","') || ']') p
  WHERE (new.type = 'PURCHASE' AND new.source <> 'resend' AND new.operation = 'add' AND new.products IS NOT NULL) AND trim(p.value) <> ''
  ON CONFLICT (basis, day, integration_id, product) DO UPDATE SET n = n + excluded.n;
END;
--> statement-breakpoint
CREATE TRIGGER `rollup_products_delete` AFTER DELETE ON `deliveries`
WHEN (old.type = 'PURCHASE' AND old.source <> 'resend' AND old.operation = 'add' AND old.products IS NOT NULL)
BEGIN
  INSERT INTO rollup_products (basis, day, integration_id, product, n)
  SELECT b.basis, CAST(CASE b.basis WHEN 'sent' THEN old.created_at ELSE old.event_date END AS INTEGER) / (24 * 3600000), coalesce(old.integration_id, 0), trim(p.value), -1
  FROM rollup_bases b, json_each('[' || replace(json_quote(old.products), ',', '","') || ']') p
  WHERE (old.type = 'PURCHASE' AND old.source <> 'resend' AND old.operation = 'add' AND old.products IS NOT NULL) AND trim(p.value) <> ''
  ON CONFLICT (basis, day, integration_id, product) DO UPDATE SET n = n + excluded.n;
END;
--> statement-breakpoint
CREATE TRIGGER `rollup_attention_insert` AFTER INSERT ON `deliveries`
WHEN new.status IN ('failed', 'retrying')
BEGIN
  INSERT INTO rollup_attention (reason, integration_id, failed, retrying)
  SELECT coalesce(new.reason, ''), coalesce(new.integration_id, 0), a.failed, a.retrying
  FROM (SELECT CASE WHEN new.status = 'failed' THEN NOT EXISTS (SELECT 1 FROM deliveries x WHERE x.resend_of = new.id AND x.status = 'succeeded') ELSE 0 END AS failed, (new.status = 'retrying' AND (new.attempt_count >= 3 OR new.reason IN ('dns'))) AS retrying) a WHERE a.failed OR a.retrying
  ON CONFLICT (reason, integration_id) DO UPDATE SET failed = failed + excluded.failed, retrying = retrying + excluded.retrying;
END;
--> statement-breakpoint
CREATE TRIGGER `rollup_attention_update` AFTER UPDATE OF status, reason, attempt_count, integration_id ON `deliveries`
WHEN (old.status IN ('failed', 'retrying') OR new.status IN ('failed', 'retrying')) AND (old.status IS NOT new.status OR old.reason IS NOT new.reason OR old.attempt_count IS NOT new.attempt_count OR old.integration_id IS NOT new.integration_id)
BEGIN
  INSERT INTO rollup_attention (reason, integration_id, failed, retrying)
  SELECT coalesce(old.reason, ''), coalesce(old.integration_id, 0), -(a.failed), -(a.retrying)
  FROM (SELECT CASE WHEN old.status = 'failed' THEN NOT EXISTS (SELECT 1 FROM deliveries x WHERE x.resend_of = old.id AND x.status = 'succeeded') ELSE 0 END AS failed, (old.status = 'retrying' AND (old.attempt_count >= 3 OR old.reason IN ('dns'))) AS retrying) a WHERE a.failed OR a.retrying
  ON CONFLICT (reason, integration_id) DO UPDATE SET failed = failed + excluded.failed, retrying = retrying + excluded.retrying;
  INSERT INTO rollup_attention (reason, integration_id, failed, retrying)
  SELECT coalesce(new.reason, ''), coalesce(new.integration_id, 0), a.failed, a.retrying
  FROM (SELECT CASE WHEN new.status = 'failed' THEN NOT EXISTS (SELECT 1 FROM deliveries x WHERE x.resend_of = new.id AND x.status = 'succeeded') ELSE 0 END AS failed, (new.status = 'retrying' AND (new.attempt_count >= 3 OR new.reason IN ('dns'))) AS retrying) a WHERE a.failed OR a.retrying
  ON CONFLICT (reason, integration_id) DO UPDATE SET failed = failed + excluded.failed, retrying = retrying + excluded.retrying;
END;
--> statement-breakpoint
CREATE TRIGGER `rollup_attention_delete` AFTER DELETE ON `deliveries`
WHEN old.status IN ('failed', 'retrying')
BEGIN
  INSERT INTO rollup_attention (reason, integration_id, failed, retrying)
  SELECT coalesce(old.reason, ''), coalesce(old.integration_id, 0), -(a.failed), -(a.retrying)
  FROM (SELECT CASE WHEN old.status = 'failed' THEN NOT EXISTS (SELECT 1 FROM deliveries x WHERE x.resend_of = old.id AND x.status = 'succeeded') ELSE 0 END AS failed, (old.status = 'retrying' AND (old.attempt_count >= 3 OR old.reason IN ('dns'))) AS retrying) a WHERE a.failed OR a.retrying
  ON CONFLICT (reason, integration_id) DO UPDATE SET failed = failed + excluded.failed, retrying = retrying + excluded.retrying;
END;
--> statement-breakpoint
CREATE TRIGGER `rollup_resend_insert` AFTER INSERT ON `deliveries`
WHEN new.resend_of IS NOT NULL AND new.status = 'succeeded'
BEGIN
  INSERT INTO rollup_sent (span_hours, bucket, integration_id, unresolved)
  SELECT s.span_hours, CAST(o.created_at AS INTEGER) / (s.span_hours * 3600000), coalesce(o.integration_id, 0), -1
  FROM deliveries o, rollup_spans s
  WHERE o.id = new.resend_of AND o.status = 'failed'
    AND NOT EXISTS (SELECT 1 FROM deliveries x WHERE x.resend_of = o.id AND x.status = 'succeeded' AND x.id <> new.id)
  ON CONFLICT (span_hours, bucket, integration_id) DO UPDATE SET unresolved = unresolved + excluded.unresolved;
  INSERT INTO rollup_attention (reason, integration_id, failed)
  SELECT coalesce(o.reason, ''), coalesce(o.integration_id, 0), -1
  FROM deliveries o
  WHERE o.id = new.resend_of AND o.status = 'failed'
    AND NOT EXISTS (SELECT 1 FROM deliveries x WHERE x.resend_of = o.id AND x.status = 'succeeded' AND x.id <> new.id)
  ON CONFLICT (reason, integration_id) DO UPDATE SET failed = failed + excluded.failed;
END;
--> statement-breakpoint
CREATE TRIGGER `rollup_resend_update` AFTER UPDATE OF status ON `deliveries`
WHEN new.resend_of IS NOT NULL AND (old.status = 'succeeded') <> (new.status = 'succeeded')
BEGIN
  INSERT INTO rollup_sent (span_hours, bucket, integration_id, unresolved)
  SELECT s.span_hours, CAST(o.created_at AS INTEGER) / (s.span_hours * 3600000), coalesce(o.integration_id, 0), CASE WHEN new.status = 'succeeded' THEN -1 ELSE 1 END
  FROM deliveries o, rollup_spans s
  WHERE o.id = new.resend_of AND o.status = 'failed'
    AND NOT EXISTS (SELECT 1 FROM deliveries x WHERE x.resend_of = o.id AND x.status = 'succeeded' AND x.id <> new.id)
  ON CONFLICT (span_hours, bucket, integration_id) DO UPDATE SET unresolved = unresolved + excluded.unresolved;
  INSERT INTO rollup_attention (reason, integration_id, failed)
  SELECT coalesce(o.reason, ''), coalesce(o.integration_id, 0), CASE WHEN new.status = 'succeeded' THEN -1 ELSE 1 END
  FROM deliveries o
  WHERE o.id = new.resend_of AND o.status = 'failed'
    AND NOT EXISTS (SELECT 1 FROM deliveries x WHERE x.resend_of = o.id AND x.status = 'succeeded' AND x.id <> new.id)
  ON CONFLICT (reason, integration_id) DO UPDATE SET failed = failed + excluded.failed;
END;
--> statement-breakpoint
CREATE TRIGGER `rollup_resend_delete` AFTER DELETE ON `deliveries`
WHEN old.resend_of IS NOT NULL AND old.status = 'succeeded'
BEGIN
  INSERT INTO rollup_sent (span_hours, bucket, integration_id, unresolved)
  SELECT s.span_hours, CAST(o.created_at AS INTEGER) / (s.span_hours * 3600000), coalesce(o.integration_id, 0), 1
  FROM deliveries o, rollup_spans s
  WHERE o.id = old.resend_of AND o.status = 'failed'
    AND NOT EXISTS (SELECT 1 FROM deliveries x WHERE x.resend_of = o.id AND x.status = 'succeeded' AND x.id <> old.id)
  ON CONFLICT (span_hours, bucket, integration_id) DO UPDATE SET unresolved = unresolved + excluded.unresolved;
  INSERT INTO rollup_attention (reason, integration_id, failed)
  SELECT coalesce(o.reason, ''), coalesce(o.integration_id, 0), 1
  FROM deliveries o
  WHERE o.id = old.resend_of AND o.status = 'failed'
    AND NOT EXISTS (SELECT 1 FROM deliveries x WHERE x.resend_of = o.id AND x.status = 'succeeded' AND x.id <> old.id)
  ON CONFLICT (reason, integration_id) DO UPDATE SET failed = failed + excluded.failed;
END;
--> statement-breakpoint
CREATE TRIGGER `rollup_answer_times_insert` AFTER INSERT ON `attempts`
WHEN new.duration_ms IS NOT NULL
BEGIN
  INSERT INTO rollup_answer_times (span_hours, bucket, integration_id, ms_bucket, n)
  SELECT s.span_hours, CAST(new.started_at AS INTEGER) / (s.span_hours * 3600000), coalesce(d.integration_id, 0), CAST(round(4 * log2(max(new.duration_ms, 1))) AS INTEGER), 1
  FROM deliveries d, rollup_spans s WHERE d.id = new.delivery_id AND new.duration_ms IS NOT NULL
  ON CONFLICT (span_hours, bucket, integration_id, ms_bucket) DO UPDATE SET n = n + excluded.n;
END;
--> statement-breakpoint
CREATE TRIGGER `rollup_answer_times_update` AFTER UPDATE OF duration_ms, started_at, delivery_id ON `attempts`
WHEN old.duration_ms IS NOT new.duration_ms OR old.started_at IS NOT new.started_at OR old.delivery_id IS NOT new.delivery_id
BEGIN
  INSERT INTO rollup_answer_times (span_hours, bucket, integration_id, ms_bucket, n)
  SELECT s.span_hours, CAST(old.started_at AS INTEGER) / (s.span_hours * 3600000), coalesce(d.integration_id, 0), CAST(round(4 * log2(max(old.duration_ms, 1))) AS INTEGER), -1
  FROM deliveries d, rollup_spans s WHERE d.id = old.delivery_id AND old.duration_ms IS NOT NULL
  ON CONFLICT (span_hours, bucket, integration_id, ms_bucket) DO UPDATE SET n = n + excluded.n;
  INSERT INTO rollup_answer_times (span_hours, bucket, integration_id, ms_bucket, n)
  SELECT s.span_hours, CAST(new.started_at AS INTEGER) / (s.span_hours * 3600000), coalesce(d.integration_id, 0), CAST(round(4 * log2(max(new.duration_ms, 1))) AS INTEGER), 1
  FROM deliveries d, rollup_spans s WHERE d.id = new.delivery_id AND new.duration_ms IS NOT NULL
  ON CONFLICT (span_hours, bucket, integration_id, ms_bucket) DO UPDATE SET n = n + excluded.n;
END;
--> statement-breakpoint
CREATE TRIGGER `rollup_answer_times_delete` AFTER DELETE ON `attempts`
WHEN old.duration_ms IS NOT NULL
BEGIN
  INSERT INTO rollup_answer_times (span_hours, bucket, integration_id, ms_bucket, n)
  SELECT s.span_hours, CAST(old.started_at AS INTEGER) / (s.span_hours * 3600000), coalesce(d.integration_id, 0), CAST(round(4 * log2(max(old.duration_ms, 1))) AS INTEGER), -1
  FROM deliveries d, rollup_spans s WHERE d.id = old.delivery_id AND old.duration_ms IS NOT NULL
  ON CONFLICT (span_hours, bucket, integration_id, ms_bucket) DO UPDATE SET n = n + excluded.n;
END;
--> statement-breakpoint
CREATE TRIGGER `rollup_answer_times_delivery_delete` BEFORE DELETE ON `deliveries`
BEGIN
  INSERT INTO rollup_answer_times (span_hours, bucket, integration_id, ms_bucket, n)
  SELECT s.span_hours, CAST(a.started_at AS INTEGER) / (s.span_hours * 3600000), coalesce(old.integration_id, 0), CAST(round(4 * log2(max(a.duration_ms, 1))) AS INTEGER), -1
  FROM attempts a, rollup_spans s WHERE a.delivery_id = old.id AND a.duration_ms IS NOT NULL
  ON CONFLICT (span_hours, bucket, integration_id, ms_bucket) DO UPDATE SET n = n + excluded.n;
END;
--> statement-breakpoint
CREATE TRIGGER `rollup_answer_times_integration` AFTER UPDATE OF integration_id ON `deliveries`
WHEN old.integration_id IS NOT new.integration_id
BEGIN
  INSERT INTO rollup_answer_times (span_hours, bucket, integration_id, ms_bucket, n)
  SELECT s.span_hours, CAST(a.started_at AS INTEGER) / (s.span_hours * 3600000), coalesce(old.integration_id, 0), CAST(round(4 * log2(max(a.duration_ms, 1))) AS INTEGER), -1
  FROM attempts a, rollup_spans s WHERE a.delivery_id = old.id AND a.duration_ms IS NOT NULL
  ON CONFLICT (span_hours, bucket, integration_id, ms_bucket) DO UPDATE SET n = n + excluded.n;
  INSERT INTO rollup_answer_times (span_hours, bucket, integration_id, ms_bucket, n)
  SELECT s.span_hours, CAST(a.started_at AS INTEGER) / (s.span_hours * 3600000), coalesce(new.integration_id, 0), CAST(round(4 * log2(max(a.duration_ms, 1))) AS INTEGER), 1
  FROM attempts a, rollup_spans s WHERE a.delivery_id = new.id AND a.duration_ms IS NOT NULL
  ON CONFLICT (span_hours, bucket, integration_id, ms_bucket) DO UPDATE SET n = n + excluded.n;
END;
