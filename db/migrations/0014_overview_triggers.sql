-- The overview's rollups (issue 15), kept by triggers in the same transaction as every write to deliveries
-- and attempts, whoever makes it: the collector's group commit, the worker's settle, resends, bulk retries
-- and cancels, backfill, retention, contact erasure, mark-delivered, stop-retrying, an integration deleted.
-- Each table's definition is its `<table>_raw` view, a GROUP BY over deliveries (and attempts): this
-- migration fills the tables from them, the benchmark's generator rebuilds from them, and
-- lib/data/overview-rollups.test.ts holds the triggers to them after random sequences of the real writes.
-- Tiers: `span_hours` 1 and 24, `bucket` = epoch ms / (span_hours × 3,600,000); each row is written for
-- its integration and for -1, all integrations (db/schema.ts).
-- Costs kept small for the collector and the worker: one trigger per kind of write (insert, update,
-- delete) holds every statement, each guarded by when it counts, so a row change enters one trigger, not
-- six; the update trigger fires only when a column a rollup counts changed in a way that counts (queued →
-- sending changes no outcome, so the worker's claim writes nothing); a change of outcome alone (the
-- worker's settle, a retry, a cancel) writes only the differences of the outcome columns.
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
CREATE VIEW `rollup_scopes` AS SELECT 0 AS all_integrations UNION ALL SELECT 1;
--> statement-breakpoint
CREATE VIEW `rollup_sent_raw` AS
SELECT s.span_hours, CAST(d.created_at AS INTEGER) / (s.span_hours * 3600000) AS bucket, CASE g.all_integrations WHEN 1 THEN -1 ELSE coalesce(d.integration_id, 0) END AS integration_id,
  sum(1) AS sent,
  sum(d.status = 'succeeded') AS delivered,
  sum(d.status = 'failed') AS failed,
  sum(CASE WHEN d.status = 'failed' THEN NOT EXISTS (SELECT 1 FROM deliveries x WHERE x.resend_of = d.id AND x.status = 'succeeded') ELSE 0 END) AS unresolved,
  sum((d.status = 'queued' OR d.status = 'sending' OR d.status = 'retrying')) AS waiting,
  sum(d.status = 'cancelled') AS cancelled,
  sum(d.source = 'composer') AS source_composer,
  sum(d.source = 'website') AS source_website,
  sum(d.source = 'resend') AS source_resend,
  sum(d.source = 'api') AS source_api,
  sum(d.source = 'backfill') AS source_backfill,
  sum(d.type = 'PURCHASE') AS type_purchase,
  sum(d.type = 'CART') AS type_cart,
  sum(d.type = 'VISIT') AS type_visit,
  sum(d.type = 'PHONE_CALL') AS type_phone_call,
  sum(d.type = 'OTHER') AS type_other,
  sum(d.type = 'RESERVATION') AS type_reservation,
  sum(d.type = 'CANCELLED') AS type_cancelled,
  sum(d.type = 'ACTIVATION') AS type_activation,
  sum(d.type = 'MEETING') AS type_meeting,
  sum(d.type = 'OFFER') AS type_offer,
  sum(d.type = 'DOWNLOAD') AS type_download,
  sum(d.type = 'LOGIN') AS type_login,
  sum(d.type = 'TRANSACTION') AS type_transaction,
  sum(d.type = 'CANCELLATION') AS type_cancellation,
  sum(d.type = 'RETURN') AS type_return,
  sum(d.type = 'SURVEY') AS type_survey,
  sum(d.type = 'APP_STATUS') AS type_app_status,
  sum(d.type = 'APP_TYPE_WEB') AS type_app_type_web,
  sum(d.type = 'APP_TYPE_MANUAL') AS type_app_type_manual,
  sum(d.type = 'APP_TYPE_RETENTION') AS type_app_type_retention,
  sum(d.type = 'APP_TYPE_UPSALE') AS type_app_type_upsale,
  sum(d.type = 'LOAN_STATUS') AS type_loan_status,
  sum(d.type = 'LOAN_ORDER') AS type_loan_order,
  sum(d.type = 'FIRST_LOAN') AS type_first_loan,
  sum(d.type = 'REPEATED_LOAN') AS type_repeated_loan
FROM deliveries d, rollup_spans s, rollup_scopes g GROUP BY 1, 2, 3;
--> statement-breakpoint
CREATE VIEW `rollup_reasons_raw` AS
SELECT s.span_hours, CAST(d.created_at AS INTEGER) / (s.span_hours * 3600000) AS bucket, CASE g.all_integrations WHEN 1 THEN -1 ELSE coalesce(d.integration_id, 0) END AS integration_id, coalesce(d.reason, '') AS reason,
  count(*) AS failed
FROM deliveries d, rollup_spans s, rollup_scopes g WHERE d.status = 'failed' GROUP BY 1, 2, 3, 4;
--> statement-breakpoint
CREATE VIEW `rollup_worth_raw` AS
SELECT b.basis, s.span_hours, CAST(CASE b.basis WHEN 'sent' THEN d.created_at ELSE d.event_date END AS INTEGER) / (s.span_hours * 3600000) AS bucket, CASE g.all_integrations WHEN 1 THEN -1 ELSE coalesce(d.integration_id, 0) END AS integration_id, coalesce(d.currency, '') AS currency,
  sum(d.type = 'PURCHASE') AS orders, sum(CASE WHEN d.type = 'PURCHASE' THEN coalesce(CAST(round(d.value * 10000) AS INTEGER), 0) ELSE 0 END) AS revenue, sum(d.type = 'CART') AS carts
FROM deliveries d, rollup_spans s, rollup_bases b, rollup_scopes g WHERE ((d.type = 'PURCHASE' OR d.type = 'CART') AND d.source <> 'resend' AND d.operation = 'add') GROUP BY 1, 2, 3, 4, 5;
--> statement-breakpoint
CREATE VIEW `rollup_products_raw` AS
SELECT b.basis, CASE g.all_integrations WHEN 1 THEN -1 ELSE coalesce(d.integration_id, 0) END AS integration_id, trim(p.value) AS product, CAST(CASE b.basis WHEN 'sent' THEN d.created_at ELSE d.event_date END AS INTEGER) / 86400000 AS day, count(*) AS n
FROM deliveries d, rollup_bases b, rollup_scopes g, json_each('[' || replace(json_quote(d.products), ',', '","') || ']') p
WHERE (d.type = 'PURCHASE' AND d.source <> 'resend' AND d.operation = 'add' AND d.products IS NOT NULL) AND trim(p.value) <> '' GROUP BY 1, 2, 3, 4;
--> statement-breakpoint
CREATE VIEW `rollup_answer_times_raw` AS
SELECT s.span_hours, CAST(a.started_at AS INTEGER) / (s.span_hours * 3600000) AS bucket, CASE g.all_integrations WHEN 1 THEN -1 ELSE coalesce(d.integration_id, 0) END AS integration_id,
  CAST(round(4 * log2(max(a.duration_ms, 1))) AS INTEGER) AS ms_bucket, count(*) AS n
FROM attempts a JOIN deliveries d ON d.id = a.delivery_id, rollup_spans s, rollup_scopes g WHERE a.duration_ms IS NOT NULL
GROUP BY 1, 2, 3, 4;
--> statement-breakpoint
CREATE VIEW `rollup_attention_raw` AS
SELECT coalesce(d.reason, '') AS reason, coalesce(d.integration_id, 0) AS integration_id, sum(CASE WHEN d.status = 'failed' THEN NOT EXISTS (SELECT 1 FROM deliveries x WHERE x.resend_of = d.id AND x.status = 'succeeded') ELSE 0 END) AS failed,
  sum((d.status = 'retrying' AND (d.attempt_count >= 3 OR d.reason = 'dns'))) AS retrying
FROM deliveries d WHERE d.status IN ('failed', 'retrying') GROUP BY 1, 2
HAVING sum(CASE WHEN d.status = 'failed' THEN NOT EXISTS (SELECT 1 FROM deliveries x WHERE x.resend_of = d.id AND x.status = 'succeeded') ELSE 0 END) > 0 OR sum((d.status = 'retrying' AND (d.attempt_count >= 3 OR d.reason = 'dns'))) > 0;
--> statement-breakpoint
INSERT INTO `rollup_sent` SELECT * FROM `rollup_sent_raw`;
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
CREATE TRIGGER `rollup_deliveries_insert` AFTER INSERT ON `deliveries`
BEGIN
  INSERT INTO rollup_sent (span_hours, bucket, integration_id, sent, delivered, failed, unresolved, waiting, cancelled, source_composer, source_website, source_resend, source_api, source_backfill, type_purchase, type_cart, type_visit, type_phone_call, type_other, type_reservation, type_cancelled, type_activation, type_meeting, type_offer, type_download, type_login, type_transaction, type_cancellation, type_return, type_survey, type_app_status, type_app_type_web, type_app_type_manual, type_app_type_retention, type_app_type_upsale, type_loan_status, type_loan_order, type_first_loan, type_repeated_loan)
  SELECT v.column1, CAST(new.created_at AS INTEGER) / (v.column1 * 3600000), CASE v.column2 WHEN 1 THEN -1 ELSE coalesce(new.integration_id, 0) END, (1), (new.status = 'succeeded'), (new.status = 'failed'), (CASE WHEN new.status = 'failed' THEN NOT EXISTS (SELECT 1 FROM deliveries x WHERE x.resend_of = new.id AND x.status = 'succeeded') ELSE 0 END), ((new.status = 'queued' OR new.status = 'sending' OR new.status = 'retrying')), (new.status = 'cancelled'), (new.source = 'composer'), (new.source = 'website'), (new.source = 'resend'), (new.source = 'api'), (new.source = 'backfill'), (new.type = 'PURCHASE'), (new.type = 'CART'), (new.type = 'VISIT'), (new.type = 'PHONE_CALL'), (new.type = 'OTHER'), (new.type = 'RESERVATION'), (new.type = 'CANCELLED'), (new.type = 'ACTIVATION'), (new.type = 'MEETING'), (new.type = 'OFFER'), (new.type = 'DOWNLOAD'), (new.type = 'LOGIN'), (new.type = 'TRANSACTION'), (new.type = 'CANCELLATION'), (new.type = 'RETURN'), (new.type = 'SURVEY'), (new.type = 'APP_STATUS'), (new.type = 'APP_TYPE_WEB'), (new.type = 'APP_TYPE_MANUAL'), (new.type = 'APP_TYPE_RETENTION'), (new.type = 'APP_TYPE_UPSALE'), (new.type = 'LOAN_STATUS'), (new.type = 'LOAN_ORDER'), (new.type = 'FIRST_LOAN'), (new.type = 'REPEATED_LOAN')
  FROM (VALUES (1, 0), (1, 1), (24, 0), (24, 1)) v WHERE true
  ON CONFLICT (span_hours, bucket, integration_id) DO UPDATE SET
    sent = sent + excluded.sent, delivered = delivered + excluded.delivered, failed = failed + excluded.failed, unresolved = unresolved + excluded.unresolved, waiting = waiting + excluded.waiting, cancelled = cancelled + excluded.cancelled, source_composer = source_composer + excluded.source_composer, source_website = source_website + excluded.source_website, source_resend = source_resend + excluded.source_resend, source_api = source_api + excluded.source_api, source_backfill = source_backfill + excluded.source_backfill, type_purchase = type_purchase + excluded.type_purchase, type_cart = type_cart + excluded.type_cart, type_visit = type_visit + excluded.type_visit, type_phone_call = type_phone_call + excluded.type_phone_call, type_other = type_other + excluded.type_other, type_reservation = type_reservation + excluded.type_reservation, type_cancelled = type_cancelled + excluded.type_cancelled, type_activation = type_activation + excluded.type_activation, type_meeting = type_meeting + excluded.type_meeting, type_offer = type_offer + excluded.type_offer, type_download = type_download + excluded.type_download, type_login = type_login + excluded.type_login, type_transaction = type_transaction + excluded.type_transaction, type_cancellation = type_cancellation + excluded.type_cancellation, type_return = type_return + excluded.type_return, type_survey = type_survey + excluded.type_survey, type_app_status = type_app_status + excluded.type_app_status, type_app_type_web = type_app_type_web + excluded.type_app_type_web, type_app_type_manual = type_app_type_manual + excluded.type_app_type_manual, type_app_type_retention = type_app_type_retention + excluded.type_app_type_retention, type_app_type_upsale = type_app_type_upsale + excluded.type_app_type_upsale, type_loan_status = type_loan_status + excluded.type_loan_status, type_loan_order = type_loan_order + excluded.type_loan_order, type_first_loan = type_first_loan + excluded.type_first_loan, type_repeated_loan = type_repeated_loan + excluded.type_repeated_loan;
  INSERT INTO rollup_reasons (span_hours, bucket, integration_id, reason, failed)
  SELECT v.column1, CAST(new.created_at AS INTEGER) / (v.column1 * 3600000), CASE v.column2 WHEN 1 THEN -1 ELSE coalesce(new.integration_id, 0) END, coalesce(new.reason, ''), 1
  FROM (VALUES (1, 0), (1, 1), (24, 0), (24, 1)) v WHERE new.status = 'failed'
  ON CONFLICT (span_hours, bucket, integration_id, reason) DO UPDATE SET
    failed = failed + excluded.failed;
  INSERT INTO rollup_worth (basis, span_hours, bucket, integration_id, currency, orders, revenue, carts)
  SELECT b.column1, v.column1, CAST(CASE b.column1 WHEN 'sent' THEN new.created_at ELSE new.event_date END AS INTEGER) / (v.column1 * 3600000), CASE v.column2 WHEN 1 THEN -1 ELSE coalesce(new.integration_id, 0) END, coalesce(new.currency, ''), (new.type = 'PURCHASE'), (CASE WHEN new.type = 'PURCHASE' THEN coalesce(CAST(round(new.value * 10000) AS INTEGER), 0) ELSE 0 END), (new.type = 'CART')
  FROM (VALUES ('sent'), ('event')) b, (VALUES (1, 0), (1, 1), (24, 0), (24, 1)) v WHERE ((new.type = 'PURCHASE' OR new.type = 'CART') AND new.source <> 'resend' AND new.operation = 'add')
  ON CONFLICT (basis, span_hours, bucket, integration_id, currency) DO UPDATE SET
    orders = orders + excluded.orders, revenue = revenue + excluded.revenue, carts = carts + excluded.carts;
  INSERT INTO rollup_products (basis, integration_id, product, day, n)
  SELECT b.column1, CASE v.column2 WHEN 1 THEN -1 ELSE coalesce(new.integration_id, 0) END, trim(p.value), CAST(CASE b.column1 WHEN 'sent' THEN new.created_at ELSE new.event_date END AS INTEGER) / 86400000, 1
  FROM (VALUES ('sent'), ('event')) b, (VALUES (24, 0), (24, 1)) v, json_each('[' || replace(json_quote(new.products), ',', '","') || ']') p WHERE (new.type = 'PURCHASE' AND new.source <> 'resend' AND new.operation = 'add' AND new.products IS NOT NULL) AND trim(p.value) <> ''
  ON CONFLICT (basis, integration_id, product, day) DO UPDATE SET
    n = n + excluded.n;
  INSERT INTO rollup_attention (reason, integration_id, failed, retrying)
  SELECT coalesce(new.reason, ''), coalesce(new.integration_id, 0), (CASE WHEN new.status = 'failed' THEN NOT EXISTS (SELECT 1 FROM deliveries x WHERE x.resend_of = new.id AND x.status = 'succeeded') ELSE 0 END), ((new.status = 'retrying' AND (new.attempt_count >= 3 OR new.reason = 'dns')))
  WHERE (new.status = 'failed' OR new.status = 'retrying') AND (CASE WHEN new.status = 'failed' THEN NOT EXISTS (SELECT 1 FROM deliveries x WHERE x.resend_of = new.id AND x.status = 'succeeded') ELSE 0 END OR (new.status = 'retrying' AND (new.attempt_count >= 3 OR new.reason = 'dns')))
  ON CONFLICT (reason, integration_id) DO UPDATE SET failed = failed + excluded.failed, retrying = retrying + excluded.retrying;
  INSERT INTO rollup_sent (span_hours, bucket, integration_id, unresolved)
  SELECT v.column1, CAST(o.created_at AS INTEGER) / (v.column1 * 3600000), CASE v.column2 WHEN 1 THEN -1 ELSE coalesce(o.integration_id, 0) END, -1
  FROM deliveries o, (VALUES (1, 0), (1, 1), (24, 0), (24, 1)) v WHERE new.resend_of IS NOT NULL AND new.status = 'succeeded' AND o.id = new.resend_of AND o.status = 'failed'
    AND NOT EXISTS (SELECT 1 FROM deliveries x WHERE x.resend_of = o.id AND x.status = 'succeeded' AND x.id <> new.id)
  ON CONFLICT (span_hours, bucket, integration_id) DO UPDATE SET
    unresolved = unresolved + excluded.unresolved;
  INSERT INTO rollup_attention (reason, integration_id, failed)
  SELECT coalesce(o.reason, ''), coalesce(o.integration_id, 0), -1 FROM deliveries o WHERE new.resend_of IS NOT NULL AND new.status = 'succeeded' AND o.id = new.resend_of AND o.status = 'failed'
    AND NOT EXISTS (SELECT 1 FROM deliveries x WHERE x.resend_of = o.id AND x.status = 'succeeded' AND x.id <> new.id)
  ON CONFLICT (reason, integration_id) DO UPDATE SET failed = failed + excluded.failed;
END;
--> statement-breakpoint
CREATE TRIGGER `rollup_deliveries_update` AFTER UPDATE OF status, reason, attempt_count, created_at, integration_id, type, source ON `deliveries`
WHEN (CASE old.status WHEN 'succeeded' THEN 1 WHEN 'failed' THEN 2 WHEN 'cancelled' THEN 3 ELSE 0 END) <> (CASE new.status WHEN 'succeeded' THEN 1 WHEN 'failed' THEN 2 WHEN 'cancelled' THEN 3 ELSE 0 END) OR old.created_at IS NOT new.created_at OR old.integration_id IS NOT new.integration_id OR old.type IS NOT new.type OR old.source IS NOT new.source OR ((old.status = 'failed' OR new.status = 'failed') AND (old.status IS NOT new.status OR old.reason IS NOT new.reason OR old.created_at IS NOT new.created_at OR old.integration_id IS NOT new.integration_id)) OR (((old.status = 'failed' OR old.status = 'retrying') OR (new.status = 'failed' OR new.status = 'retrying')) AND (old.status IS NOT new.status OR old.reason IS NOT new.reason OR old.attempt_count IS NOT new.attempt_count OR old.integration_id IS NOT new.integration_id)) OR (new.resend_of IS NOT NULL AND (old.status = 'succeeded') <> (new.status = 'succeeded'))
BEGIN
  INSERT INTO rollup_sent (span_hours, bucket, integration_id, delivered, failed, unresolved, waiting, cancelled)
  SELECT v.column1, CAST(new.created_at AS INTEGER) / (v.column1 * 3600000), CASE v.column2 WHEN 1 THEN -1 ELSE coalesce(new.integration_id, 0) END, (new.status = 'succeeded') - (old.status = 'succeeded'), (new.status = 'failed') - (old.status = 'failed'), (CASE WHEN new.status = 'failed' THEN NOT EXISTS (SELECT 1 FROM deliveries x WHERE x.resend_of = new.id AND x.status = 'succeeded') ELSE 0 END) - (CASE WHEN old.status = 'failed' THEN NOT EXISTS (SELECT 1 FROM deliveries x WHERE x.resend_of = old.id AND x.status = 'succeeded') ELSE 0 END), ((new.status = 'queued' OR new.status = 'sending' OR new.status = 'retrying')) - ((old.status = 'queued' OR old.status = 'sending' OR old.status = 'retrying')), (new.status = 'cancelled') - (old.status = 'cancelled')
  FROM (VALUES (1, 0), (1, 1), (24, 0), (24, 1)) v WHERE NOT (old.created_at IS NOT new.created_at OR old.integration_id IS NOT new.integration_id OR old.type IS NOT new.type OR old.source IS NOT new.source) AND (CASE old.status WHEN 'succeeded' THEN 1 WHEN 'failed' THEN 2 WHEN 'cancelled' THEN 3 ELSE 0 END) <> (CASE new.status WHEN 'succeeded' THEN 1 WHEN 'failed' THEN 2 WHEN 'cancelled' THEN 3 ELSE 0 END)
  ON CONFLICT (span_hours, bucket, integration_id) DO UPDATE SET
    delivered = delivered + excluded.delivered, failed = failed + excluded.failed, unresolved = unresolved + excluded.unresolved, waiting = waiting + excluded.waiting, cancelled = cancelled + excluded.cancelled;
  INSERT INTO rollup_sent (span_hours, bucket, integration_id, sent, delivered, failed, unresolved, waiting, cancelled, source_composer, source_website, source_resend, source_api, source_backfill, type_purchase, type_cart, type_visit, type_phone_call, type_other, type_reservation, type_cancelled, type_activation, type_meeting, type_offer, type_download, type_login, type_transaction, type_cancellation, type_return, type_survey, type_app_status, type_app_type_web, type_app_type_manual, type_app_type_retention, type_app_type_upsale, type_loan_status, type_loan_order, type_first_loan, type_repeated_loan)
  SELECT v.column1, CAST(old.created_at AS INTEGER) / (v.column1 * 3600000), CASE v.column2 WHEN 1 THEN -1 ELSE coalesce(old.integration_id, 0) END, -(1), -(old.status = 'succeeded'), -(old.status = 'failed'), -(CASE WHEN old.status = 'failed' THEN NOT EXISTS (SELECT 1 FROM deliveries x WHERE x.resend_of = old.id AND x.status = 'succeeded') ELSE 0 END), -((old.status = 'queued' OR old.status = 'sending' OR old.status = 'retrying')), -(old.status = 'cancelled'), -(old.source = 'composer'), -(old.source = 'website'), -(old.source = 'resend'), -(old.source = 'api'), -(old.source = 'backfill'), -(old.type = 'PURCHASE'), -(old.type = 'CART'), -(old.type = 'VISIT'), -(old.type = 'PHONE_CALL'), -(old.type = 'OTHER'), -(old.type = 'RESERVATION'), -(old.type = 'CANCELLED'), -(old.type = 'ACTIVATION'), -(old.type = 'MEETING'), -(old.type = 'OFFER'), -(old.type = 'DOWNLOAD'), -(old.type = 'LOGIN'), -(old.type = 'TRANSACTION'), -(old.type = 'CANCELLATION'), -(old.type = 'RETURN'), -(old.type = 'SURVEY'), -(old.type = 'APP_STATUS'), -(old.type = 'APP_TYPE_WEB'), -(old.type = 'APP_TYPE_MANUAL'), -(old.type = 'APP_TYPE_RETENTION'), -(old.type = 'APP_TYPE_UPSALE'), -(old.type = 'LOAN_STATUS'), -(old.type = 'LOAN_ORDER'), -(old.type = 'FIRST_LOAN'), -(old.type = 'REPEATED_LOAN')
  FROM (VALUES (1, 0), (1, 1), (24, 0), (24, 1)) v WHERE (old.created_at IS NOT new.created_at OR old.integration_id IS NOT new.integration_id OR old.type IS NOT new.type OR old.source IS NOT new.source)
  ON CONFLICT (span_hours, bucket, integration_id) DO UPDATE SET
    sent = sent + excluded.sent, delivered = delivered + excluded.delivered, failed = failed + excluded.failed, unresolved = unresolved + excluded.unresolved, waiting = waiting + excluded.waiting, cancelled = cancelled + excluded.cancelled, source_composer = source_composer + excluded.source_composer, source_website = source_website + excluded.source_website, source_resend = source_resend + excluded.source_resend, source_api = source_api + excluded.source_api, source_backfill = source_backfill + excluded.source_backfill, type_purchase = type_purchase + excluded.type_purchase, type_cart = type_cart + excluded.type_cart, type_visit = type_visit + excluded.type_visit, type_phone_call = type_phone_call + excluded.type_phone_call, type_other = type_other + excluded.type_other, type_reservation = type_reservation + excluded.type_reservation, type_cancelled = type_cancelled + excluded.type_cancelled, type_activation = type_activation + excluded.type_activation, type_meeting = type_meeting + excluded.type_meeting, type_offer = type_offer + excluded.type_offer, type_download = type_download + excluded.type_download, type_login = type_login + excluded.type_login, type_transaction = type_transaction + excluded.type_transaction, type_cancellation = type_cancellation + excluded.type_cancellation, type_return = type_return + excluded.type_return, type_survey = type_survey + excluded.type_survey, type_app_status = type_app_status + excluded.type_app_status, type_app_type_web = type_app_type_web + excluded.type_app_type_web, type_app_type_manual = type_app_type_manual + excluded.type_app_type_manual, type_app_type_retention = type_app_type_retention + excluded.type_app_type_retention, type_app_type_upsale = type_app_type_upsale + excluded.type_app_type_upsale, type_loan_status = type_loan_status + excluded.type_loan_status, type_loan_order = type_loan_order + excluded.type_loan_order, type_first_loan = type_first_loan + excluded.type_first_loan, type_repeated_loan = type_repeated_loan + excluded.type_repeated_loan;
  INSERT INTO rollup_sent (span_hours, bucket, integration_id, sent, delivered, failed, unresolved, waiting, cancelled, source_composer, source_website, source_resend, source_api, source_backfill, type_purchase, type_cart, type_visit, type_phone_call, type_other, type_reservation, type_cancelled, type_activation, type_meeting, type_offer, type_download, type_login, type_transaction, type_cancellation, type_return, type_survey, type_app_status, type_app_type_web, type_app_type_manual, type_app_type_retention, type_app_type_upsale, type_loan_status, type_loan_order, type_first_loan, type_repeated_loan)
  SELECT v.column1, CAST(new.created_at AS INTEGER) / (v.column1 * 3600000), CASE v.column2 WHEN 1 THEN -1 ELSE coalesce(new.integration_id, 0) END, (1), (new.status = 'succeeded'), (new.status = 'failed'), (CASE WHEN new.status = 'failed' THEN NOT EXISTS (SELECT 1 FROM deliveries x WHERE x.resend_of = new.id AND x.status = 'succeeded') ELSE 0 END), ((new.status = 'queued' OR new.status = 'sending' OR new.status = 'retrying')), (new.status = 'cancelled'), (new.source = 'composer'), (new.source = 'website'), (new.source = 'resend'), (new.source = 'api'), (new.source = 'backfill'), (new.type = 'PURCHASE'), (new.type = 'CART'), (new.type = 'VISIT'), (new.type = 'PHONE_CALL'), (new.type = 'OTHER'), (new.type = 'RESERVATION'), (new.type = 'CANCELLED'), (new.type = 'ACTIVATION'), (new.type = 'MEETING'), (new.type = 'OFFER'), (new.type = 'DOWNLOAD'), (new.type = 'LOGIN'), (new.type = 'TRANSACTION'), (new.type = 'CANCELLATION'), (new.type = 'RETURN'), (new.type = 'SURVEY'), (new.type = 'APP_STATUS'), (new.type = 'APP_TYPE_WEB'), (new.type = 'APP_TYPE_MANUAL'), (new.type = 'APP_TYPE_RETENTION'), (new.type = 'APP_TYPE_UPSALE'), (new.type = 'LOAN_STATUS'), (new.type = 'LOAN_ORDER'), (new.type = 'FIRST_LOAN'), (new.type = 'REPEATED_LOAN')
  FROM (VALUES (1, 0), (1, 1), (24, 0), (24, 1)) v WHERE (old.created_at IS NOT new.created_at OR old.integration_id IS NOT new.integration_id OR old.type IS NOT new.type OR old.source IS NOT new.source)
  ON CONFLICT (span_hours, bucket, integration_id) DO UPDATE SET
    sent = sent + excluded.sent, delivered = delivered + excluded.delivered, failed = failed + excluded.failed, unresolved = unresolved + excluded.unresolved, waiting = waiting + excluded.waiting, cancelled = cancelled + excluded.cancelled, source_composer = source_composer + excluded.source_composer, source_website = source_website + excluded.source_website, source_resend = source_resend + excluded.source_resend, source_api = source_api + excluded.source_api, source_backfill = source_backfill + excluded.source_backfill, type_purchase = type_purchase + excluded.type_purchase, type_cart = type_cart + excluded.type_cart, type_visit = type_visit + excluded.type_visit, type_phone_call = type_phone_call + excluded.type_phone_call, type_other = type_other + excluded.type_other, type_reservation = type_reservation + excluded.type_reservation, type_cancelled = type_cancelled + excluded.type_cancelled, type_activation = type_activation + excluded.type_activation, type_meeting = type_meeting + excluded.type_meeting, type_offer = type_offer + excluded.type_offer, type_download = type_download + excluded.type_download, type_login = type_login + excluded.type_login, type_transaction = type_transaction + excluded.type_transaction, type_cancellation = type_cancellation + excluded.type_cancellation, type_return = type_return + excluded.type_return, type_survey = type_survey + excluded.type_survey, type_app_status = type_app_status + excluded.type_app_status, type_app_type_web = type_app_type_web + excluded.type_app_type_web, type_app_type_manual = type_app_type_manual + excluded.type_app_type_manual, type_app_type_retention = type_app_type_retention + excluded.type_app_type_retention, type_app_type_upsale = type_app_type_upsale + excluded.type_app_type_upsale, type_loan_status = type_loan_status + excluded.type_loan_status, type_loan_order = type_loan_order + excluded.type_loan_order, type_first_loan = type_first_loan + excluded.type_first_loan, type_repeated_loan = type_repeated_loan + excluded.type_repeated_loan;
  INSERT INTO rollup_reasons (span_hours, bucket, integration_id, reason, failed)
  SELECT v.column1, CAST(old.created_at AS INTEGER) / (v.column1 * 3600000), CASE v.column2 WHEN 1 THEN -1 ELSE coalesce(old.integration_id, 0) END, coalesce(old.reason, ''), -1
  FROM (VALUES (1, 0), (1, 1), (24, 0), (24, 1)) v WHERE old.status = 'failed' AND (old.status = 'failed' OR new.status = 'failed') AND (old.status IS NOT new.status OR old.reason IS NOT new.reason OR old.created_at IS NOT new.created_at OR old.integration_id IS NOT new.integration_id)
  ON CONFLICT (span_hours, bucket, integration_id, reason) DO UPDATE SET
    failed = failed + excluded.failed;
  INSERT INTO rollup_reasons (span_hours, bucket, integration_id, reason, failed)
  SELECT v.column1, CAST(new.created_at AS INTEGER) / (v.column1 * 3600000), CASE v.column2 WHEN 1 THEN -1 ELSE coalesce(new.integration_id, 0) END, coalesce(new.reason, ''), 1
  FROM (VALUES (1, 0), (1, 1), (24, 0), (24, 1)) v WHERE new.status = 'failed' AND (old.status = 'failed' OR new.status = 'failed') AND (old.status IS NOT new.status OR old.reason IS NOT new.reason OR old.created_at IS NOT new.created_at OR old.integration_id IS NOT new.integration_id)
  ON CONFLICT (span_hours, bucket, integration_id, reason) DO UPDATE SET
    failed = failed + excluded.failed;
  INSERT INTO rollup_attention (reason, integration_id, failed, retrying)
  SELECT coalesce(old.reason, ''), coalesce(old.integration_id, 0), -(CASE WHEN old.status = 'failed' THEN NOT EXISTS (SELECT 1 FROM deliveries x WHERE x.resend_of = old.id AND x.status = 'succeeded') ELSE 0 END), -((old.status = 'retrying' AND (old.attempt_count >= 3 OR old.reason = 'dns')))
  WHERE ((old.status = 'failed' OR old.status = 'retrying') OR (new.status = 'failed' OR new.status = 'retrying')) AND (old.status IS NOT new.status OR old.reason IS NOT new.reason OR old.attempt_count IS NOT new.attempt_count OR old.integration_id IS NOT new.integration_id) AND (CASE WHEN old.status = 'failed' THEN NOT EXISTS (SELECT 1 FROM deliveries x WHERE x.resend_of = old.id AND x.status = 'succeeded') ELSE 0 END OR (old.status = 'retrying' AND (old.attempt_count >= 3 OR old.reason = 'dns')))
  ON CONFLICT (reason, integration_id) DO UPDATE SET failed = failed + excluded.failed, retrying = retrying + excluded.retrying;
  INSERT INTO rollup_attention (reason, integration_id, failed, retrying)
  SELECT coalesce(new.reason, ''), coalesce(new.integration_id, 0), (CASE WHEN new.status = 'failed' THEN NOT EXISTS (SELECT 1 FROM deliveries x WHERE x.resend_of = new.id AND x.status = 'succeeded') ELSE 0 END), ((new.status = 'retrying' AND (new.attempt_count >= 3 OR new.reason = 'dns')))
  WHERE ((old.status = 'failed' OR old.status = 'retrying') OR (new.status = 'failed' OR new.status = 'retrying')) AND (old.status IS NOT new.status OR old.reason IS NOT new.reason OR old.attempt_count IS NOT new.attempt_count OR old.integration_id IS NOT new.integration_id) AND (CASE WHEN new.status = 'failed' THEN NOT EXISTS (SELECT 1 FROM deliveries x WHERE x.resend_of = new.id AND x.status = 'succeeded') ELSE 0 END OR (new.status = 'retrying' AND (new.attempt_count >= 3 OR new.reason = 'dns')))
  ON CONFLICT (reason, integration_id) DO UPDATE SET failed = failed + excluded.failed, retrying = retrying + excluded.retrying;
  INSERT INTO rollup_sent (span_hours, bucket, integration_id, unresolved)
  SELECT v.column1, CAST(o.created_at AS INTEGER) / (v.column1 * 3600000), CASE v.column2 WHEN 1 THEN -1 ELSE coalesce(o.integration_id, 0) END, CASE WHEN new.status = 'succeeded' THEN -1 ELSE 1 END
  FROM deliveries o, (VALUES (1, 0), (1, 1), (24, 0), (24, 1)) v WHERE new.resend_of IS NOT NULL AND (old.status = 'succeeded') <> (new.status = 'succeeded') AND o.id = new.resend_of AND o.status = 'failed'
    AND NOT EXISTS (SELECT 1 FROM deliveries x WHERE x.resend_of = o.id AND x.status = 'succeeded' AND x.id <> new.id)
  ON CONFLICT (span_hours, bucket, integration_id) DO UPDATE SET
    unresolved = unresolved + excluded.unresolved;
  INSERT INTO rollup_attention (reason, integration_id, failed)
  SELECT coalesce(o.reason, ''), coalesce(o.integration_id, 0), CASE WHEN new.status = 'succeeded' THEN -1 ELSE 1 END FROM deliveries o WHERE new.resend_of IS NOT NULL AND (old.status = 'succeeded') <> (new.status = 'succeeded') AND o.id = new.resend_of AND o.status = 'failed'
    AND NOT EXISTS (SELECT 1 FROM deliveries x WHERE x.resend_of = o.id AND x.status = 'succeeded' AND x.id <> new.id)
  ON CONFLICT (reason, integration_id) DO UPDATE SET failed = failed + excluded.failed;
END;
--> statement-breakpoint
CREATE TRIGGER `rollup_worth_update` AFTER UPDATE OF type, source, operation, value, currency, created_at, event_date, integration_id ON `deliveries`
WHEN (((old.type = 'PURCHASE' OR old.type = 'CART') AND old.source <> 'resend' AND old.operation = 'add') OR ((new.type = 'PURCHASE' OR new.type = 'CART') AND new.source <> 'resend' AND new.operation = 'add')) AND (old.type IS NOT new.type OR old.source IS NOT new.source OR old.operation IS NOT new.operation OR old.value IS NOT new.value OR old.currency IS NOT new.currency OR old.created_at IS NOT new.created_at OR old.event_date IS NOT new.event_date OR old.integration_id IS NOT new.integration_id)
BEGIN
  INSERT INTO rollup_worth (basis, span_hours, bucket, integration_id, currency, orders, revenue, carts)
  SELECT b.column1, v.column1, CAST(CASE b.column1 WHEN 'sent' THEN old.created_at ELSE old.event_date END AS INTEGER) / (v.column1 * 3600000), CASE v.column2 WHEN 1 THEN -1 ELSE coalesce(old.integration_id, 0) END, coalesce(old.currency, ''), -(old.type = 'PURCHASE'), -(CASE WHEN old.type = 'PURCHASE' THEN coalesce(CAST(round(old.value * 10000) AS INTEGER), 0) ELSE 0 END), -(old.type = 'CART')
  FROM (VALUES ('sent'), ('event')) b, (VALUES (1, 0), (1, 1), (24, 0), (24, 1)) v WHERE ((old.type = 'PURCHASE' OR old.type = 'CART') AND old.source <> 'resend' AND old.operation = 'add')
  ON CONFLICT (basis, span_hours, bucket, integration_id, currency) DO UPDATE SET
    orders = orders + excluded.orders, revenue = revenue + excluded.revenue, carts = carts + excluded.carts;
  INSERT INTO rollup_worth (basis, span_hours, bucket, integration_id, currency, orders, revenue, carts)
  SELECT b.column1, v.column1, CAST(CASE b.column1 WHEN 'sent' THEN new.created_at ELSE new.event_date END AS INTEGER) / (v.column1 * 3600000), CASE v.column2 WHEN 1 THEN -1 ELSE coalesce(new.integration_id, 0) END, coalesce(new.currency, ''), (new.type = 'PURCHASE'), (CASE WHEN new.type = 'PURCHASE' THEN coalesce(CAST(round(new.value * 10000) AS INTEGER), 0) ELSE 0 END), (new.type = 'CART')
  FROM (VALUES ('sent'), ('event')) b, (VALUES (1, 0), (1, 1), (24, 0), (24, 1)) v WHERE ((new.type = 'PURCHASE' OR new.type = 'CART') AND new.source <> 'resend' AND new.operation = 'add')
  ON CONFLICT (basis, span_hours, bucket, integration_id, currency) DO UPDATE SET
    orders = orders + excluded.orders, revenue = revenue + excluded.revenue, carts = carts + excluded.carts;
END;
--> statement-breakpoint
CREATE TRIGGER `rollup_products_update` AFTER UPDATE OF products, type, source, operation, created_at, event_date, integration_id ON `deliveries`
WHEN ((old.type = 'PURCHASE' AND old.source <> 'resend' AND old.operation = 'add' AND old.products IS NOT NULL) OR (new.type = 'PURCHASE' AND new.source <> 'resend' AND new.operation = 'add' AND new.products IS NOT NULL)) AND (old.products IS NOT new.products OR old.type IS NOT new.type OR old.source IS NOT new.source OR old.operation IS NOT new.operation OR old.created_at IS NOT new.created_at OR old.event_date IS NOT new.event_date OR old.integration_id IS NOT new.integration_id)
BEGIN
  INSERT INTO rollup_products (basis, integration_id, product, day, n)
  SELECT b.column1, CASE v.column2 WHEN 1 THEN -1 ELSE coalesce(old.integration_id, 0) END, trim(p.value), CAST(CASE b.column1 WHEN 'sent' THEN old.created_at ELSE old.event_date END AS INTEGER) / 86400000, -1
  FROM (VALUES ('sent'), ('event')) b, (VALUES (24, 0), (24, 1)) v, json_each('[' || replace(json_quote(old.products), ',', '","') || ']') p WHERE (old.type = 'PURCHASE' AND old.source <> 'resend' AND old.operation = 'add' AND old.products IS NOT NULL) AND trim(p.value) <> ''
  ON CONFLICT (basis, integration_id, product, day) DO UPDATE SET
    n = n + excluded.n;
  INSERT INTO rollup_products (basis, integration_id, product, day, n)
  SELECT b.column1, CASE v.column2 WHEN 1 THEN -1 ELSE coalesce(new.integration_id, 0) END, trim(p.value), CAST(CASE b.column1 WHEN 'sent' THEN new.created_at ELSE new.event_date END AS INTEGER) / 86400000, 1
  FROM (VALUES ('sent'), ('event')) b, (VALUES (24, 0), (24, 1)) v, json_each('[' || replace(json_quote(new.products), ',', '","') || ']') p WHERE (new.type = 'PURCHASE' AND new.source <> 'resend' AND new.operation = 'add' AND new.products IS NOT NULL) AND trim(p.value) <> ''
  ON CONFLICT (basis, integration_id, product, day) DO UPDATE SET
    n = n + excluded.n;
END;
--> statement-breakpoint
CREATE TRIGGER `rollup_answer_times_integration` AFTER UPDATE OF integration_id ON `deliveries`
WHEN old.integration_id IS NOT new.integration_id
BEGIN
  INSERT INTO rollup_answer_times (span_hours, bucket, integration_id, ms_bucket, n)
  SELECT v.column1, CAST(a.started_at AS INTEGER) / (v.column1 * 3600000), CASE v.column2 WHEN 1 THEN -1 ELSE coalesce(d.integration_id, 0) END, CAST(round(4 * log2(max(a.duration_ms, 1))) AS INTEGER), -1
  FROM attempts a, (SELECT old.integration_id AS integration_id) d, (VALUES (1, 0), (1, 1), (24, 0), (24, 1)) v WHERE a.delivery_id = old.id AND a.duration_ms IS NOT NULL
  ON CONFLICT (span_hours, bucket, integration_id, ms_bucket) DO UPDATE SET
    n = n + excluded.n;
  INSERT INTO rollup_answer_times (span_hours, bucket, integration_id, ms_bucket, n)
  SELECT v.column1, CAST(a.started_at AS INTEGER) / (v.column1 * 3600000), CASE v.column2 WHEN 1 THEN -1 ELSE coalesce(d.integration_id, 0) END, CAST(round(4 * log2(max(a.duration_ms, 1))) AS INTEGER), 1
  FROM attempts a, (SELECT new.integration_id AS integration_id) d, (VALUES (1, 0), (1, 1), (24, 0), (24, 1)) v WHERE a.delivery_id = new.id AND a.duration_ms IS NOT NULL
  ON CONFLICT (span_hours, bucket, integration_id, ms_bucket) DO UPDATE SET
    n = n + excluded.n;
END;
--> statement-breakpoint
CREATE TRIGGER `rollup_deliveries_delete` AFTER DELETE ON `deliveries`
BEGIN
  INSERT INTO rollup_sent (span_hours, bucket, integration_id, sent, delivered, failed, unresolved, waiting, cancelled, source_composer, source_website, source_resend, source_api, source_backfill, type_purchase, type_cart, type_visit, type_phone_call, type_other, type_reservation, type_cancelled, type_activation, type_meeting, type_offer, type_download, type_login, type_transaction, type_cancellation, type_return, type_survey, type_app_status, type_app_type_web, type_app_type_manual, type_app_type_retention, type_app_type_upsale, type_loan_status, type_loan_order, type_first_loan, type_repeated_loan)
  SELECT v.column1, CAST(old.created_at AS INTEGER) / (v.column1 * 3600000), CASE v.column2 WHEN 1 THEN -1 ELSE coalesce(old.integration_id, 0) END, -(1), -(old.status = 'succeeded'), -(old.status = 'failed'), -(CASE WHEN old.status = 'failed' THEN NOT EXISTS (SELECT 1 FROM deliveries x WHERE x.resend_of = old.id AND x.status = 'succeeded') ELSE 0 END), -((old.status = 'queued' OR old.status = 'sending' OR old.status = 'retrying')), -(old.status = 'cancelled'), -(old.source = 'composer'), -(old.source = 'website'), -(old.source = 'resend'), -(old.source = 'api'), -(old.source = 'backfill'), -(old.type = 'PURCHASE'), -(old.type = 'CART'), -(old.type = 'VISIT'), -(old.type = 'PHONE_CALL'), -(old.type = 'OTHER'), -(old.type = 'RESERVATION'), -(old.type = 'CANCELLED'), -(old.type = 'ACTIVATION'), -(old.type = 'MEETING'), -(old.type = 'OFFER'), -(old.type = 'DOWNLOAD'), -(old.type = 'LOGIN'), -(old.type = 'TRANSACTION'), -(old.type = 'CANCELLATION'), -(old.type = 'RETURN'), -(old.type = 'SURVEY'), -(old.type = 'APP_STATUS'), -(old.type = 'APP_TYPE_WEB'), -(old.type = 'APP_TYPE_MANUAL'), -(old.type = 'APP_TYPE_RETENTION'), -(old.type = 'APP_TYPE_UPSALE'), -(old.type = 'LOAN_STATUS'), -(old.type = 'LOAN_ORDER'), -(old.type = 'FIRST_LOAN'), -(old.type = 'REPEATED_LOAN')
  FROM (VALUES (1, 0), (1, 1), (24, 0), (24, 1)) v WHERE true
  ON CONFLICT (span_hours, bucket, integration_id) DO UPDATE SET
    sent = sent + excluded.sent, delivered = delivered + excluded.delivered, failed = failed + excluded.failed, unresolved = unresolved + excluded.unresolved, waiting = waiting + excluded.waiting, cancelled = cancelled + excluded.cancelled, source_composer = source_composer + excluded.source_composer, source_website = source_website + excluded.source_website, source_resend = source_resend + excluded.source_resend, source_api = source_api + excluded.source_api, source_backfill = source_backfill + excluded.source_backfill, type_purchase = type_purchase + excluded.type_purchase, type_cart = type_cart + excluded.type_cart, type_visit = type_visit + excluded.type_visit, type_phone_call = type_phone_call + excluded.type_phone_call, type_other = type_other + excluded.type_other, type_reservation = type_reservation + excluded.type_reservation, type_cancelled = type_cancelled + excluded.type_cancelled, type_activation = type_activation + excluded.type_activation, type_meeting = type_meeting + excluded.type_meeting, type_offer = type_offer + excluded.type_offer, type_download = type_download + excluded.type_download, type_login = type_login + excluded.type_login, type_transaction = type_transaction + excluded.type_transaction, type_cancellation = type_cancellation + excluded.type_cancellation, type_return = type_return + excluded.type_return, type_survey = type_survey + excluded.type_survey, type_app_status = type_app_status + excluded.type_app_status, type_app_type_web = type_app_type_web + excluded.type_app_type_web, type_app_type_manual = type_app_type_manual + excluded.type_app_type_manual, type_app_type_retention = type_app_type_retention + excluded.type_app_type_retention, type_app_type_upsale = type_app_type_upsale + excluded.type_app_type_upsale, type_loan_status = type_loan_status + excluded.type_loan_status, type_loan_order = type_loan_order + excluded.type_loan_order, type_first_loan = type_first_loan + excluded.type_first_loan, type_repeated_loan = type_repeated_loan + excluded.type_repeated_loan;
  INSERT INTO rollup_reasons (span_hours, bucket, integration_id, reason, failed)
  SELECT v.column1, CAST(old.created_at AS INTEGER) / (v.column1 * 3600000), CASE v.column2 WHEN 1 THEN -1 ELSE coalesce(old.integration_id, 0) END, coalesce(old.reason, ''), -1
  FROM (VALUES (1, 0), (1, 1), (24, 0), (24, 1)) v WHERE old.status = 'failed'
  ON CONFLICT (span_hours, bucket, integration_id, reason) DO UPDATE SET
    failed = failed + excluded.failed;
  INSERT INTO rollup_worth (basis, span_hours, bucket, integration_id, currency, orders, revenue, carts)
  SELECT b.column1, v.column1, CAST(CASE b.column1 WHEN 'sent' THEN old.created_at ELSE old.event_date END AS INTEGER) / (v.column1 * 3600000), CASE v.column2 WHEN 1 THEN -1 ELSE coalesce(old.integration_id, 0) END, coalesce(old.currency, ''), -(old.type = 'PURCHASE'), -(CASE WHEN old.type = 'PURCHASE' THEN coalesce(CAST(round(old.value * 10000) AS INTEGER), 0) ELSE 0 END), -(old.type = 'CART')
  FROM (VALUES ('sent'), ('event')) b, (VALUES (1, 0), (1, 1), (24, 0), (24, 1)) v WHERE ((old.type = 'PURCHASE' OR old.type = 'CART') AND old.source <> 'resend' AND old.operation = 'add')
  ON CONFLICT (basis, span_hours, bucket, integration_id, currency) DO UPDATE SET
    orders = orders + excluded.orders, revenue = revenue + excluded.revenue, carts = carts + excluded.carts;
  INSERT INTO rollup_products (basis, integration_id, product, day, n)
  SELECT b.column1, CASE v.column2 WHEN 1 THEN -1 ELSE coalesce(old.integration_id, 0) END, trim(p.value), CAST(CASE b.column1 WHEN 'sent' THEN old.created_at ELSE old.event_date END AS INTEGER) / 86400000, -1
  FROM (VALUES ('sent'), ('event')) b, (VALUES (24, 0), (24, 1)) v, json_each('[' || replace(json_quote(old.products), ',', '","') || ']') p WHERE (old.type = 'PURCHASE' AND old.source <> 'resend' AND old.operation = 'add' AND old.products IS NOT NULL) AND trim(p.value) <> ''
  ON CONFLICT (basis, integration_id, product, day) DO UPDATE SET
    n = n + excluded.n;
  INSERT INTO rollup_attention (reason, integration_id, failed, retrying)
  SELECT coalesce(old.reason, ''), coalesce(old.integration_id, 0), -(CASE WHEN old.status = 'failed' THEN NOT EXISTS (SELECT 1 FROM deliveries x WHERE x.resend_of = old.id AND x.status = 'succeeded') ELSE 0 END), -((old.status = 'retrying' AND (old.attempt_count >= 3 OR old.reason = 'dns')))
  WHERE (old.status = 'failed' OR old.status = 'retrying') AND (CASE WHEN old.status = 'failed' THEN NOT EXISTS (SELECT 1 FROM deliveries x WHERE x.resend_of = old.id AND x.status = 'succeeded') ELSE 0 END OR (old.status = 'retrying' AND (old.attempt_count >= 3 OR old.reason = 'dns')))
  ON CONFLICT (reason, integration_id) DO UPDATE SET failed = failed + excluded.failed, retrying = retrying + excluded.retrying;
  INSERT INTO rollup_sent (span_hours, bucket, integration_id, unresolved)
  SELECT v.column1, CAST(o.created_at AS INTEGER) / (v.column1 * 3600000), CASE v.column2 WHEN 1 THEN -1 ELSE coalesce(o.integration_id, 0) END, 1
  FROM deliveries o, (VALUES (1, 0), (1, 1), (24, 0), (24, 1)) v WHERE old.resend_of IS NOT NULL AND old.status = 'succeeded' AND o.id = old.resend_of AND o.status = 'failed'
    AND NOT EXISTS (SELECT 1 FROM deliveries x WHERE x.resend_of = o.id AND x.status = 'succeeded' AND x.id <> old.id)
  ON CONFLICT (span_hours, bucket, integration_id) DO UPDATE SET
    unresolved = unresolved + excluded.unresolved;
  INSERT INTO rollup_attention (reason, integration_id, failed)
  SELECT coalesce(o.reason, ''), coalesce(o.integration_id, 0), 1 FROM deliveries o WHERE old.resend_of IS NOT NULL AND old.status = 'succeeded' AND o.id = old.resend_of AND o.status = 'failed'
    AND NOT EXISTS (SELECT 1 FROM deliveries x WHERE x.resend_of = o.id AND x.status = 'succeeded' AND x.id <> old.id)
  ON CONFLICT (reason, integration_id) DO UPDATE SET failed = failed + excluded.failed;
END;
--> statement-breakpoint
CREATE TRIGGER `rollup_answer_times_delivery_delete` BEFORE DELETE ON `deliveries`
BEGIN
  INSERT INTO rollup_answer_times (span_hours, bucket, integration_id, ms_bucket, n)
  SELECT v.column1, CAST(a.started_at AS INTEGER) / (v.column1 * 3600000), CASE v.column2 WHEN 1 THEN -1 ELSE coalesce(d.integration_id, 0) END, CAST(round(4 * log2(max(a.duration_ms, 1))) AS INTEGER), -1
  FROM attempts a, (SELECT old.integration_id AS integration_id) d, (VALUES (1, 0), (1, 1), (24, 0), (24, 1)) v WHERE a.delivery_id = old.id AND a.duration_ms IS NOT NULL
  ON CONFLICT (span_hours, bucket, integration_id, ms_bucket) DO UPDATE SET
    n = n + excluded.n;
END;
--> statement-breakpoint
CREATE TRIGGER `rollup_answer_times_insert` AFTER INSERT ON `attempts`
WHEN new.duration_ms IS NOT NULL
BEGIN
  INSERT INTO rollup_answer_times (span_hours, bucket, integration_id, ms_bucket, n)
  SELECT v.column1, CAST(new.started_at AS INTEGER) / (v.column1 * 3600000), CASE v.column2 WHEN 1 THEN -1 ELSE coalesce(d.integration_id, 0) END, CAST(round(4 * log2(max(new.duration_ms, 1))) AS INTEGER), 1
  FROM (SELECT integration_id FROM deliveries WHERE id = new.delivery_id) d, (VALUES (1, 0), (1, 1), (24, 0), (24, 1)) v WHERE true AND new.duration_ms IS NOT NULL
  ON CONFLICT (span_hours, bucket, integration_id, ms_bucket) DO UPDATE SET
    n = n + excluded.n;
END;
--> statement-breakpoint
CREATE TRIGGER `rollup_answer_times_update` AFTER UPDATE OF duration_ms, started_at, delivery_id ON `attempts`
WHEN (old.duration_ms IS NOT NULL OR new.duration_ms IS NOT NULL) AND (old.duration_ms IS NOT new.duration_ms OR old.started_at IS NOT new.started_at OR old.delivery_id IS NOT new.delivery_id)
BEGIN
  INSERT INTO rollup_answer_times (span_hours, bucket, integration_id, ms_bucket, n)
  SELECT v.column1, CAST(old.started_at AS INTEGER) / (v.column1 * 3600000), CASE v.column2 WHEN 1 THEN -1 ELSE coalesce(d.integration_id, 0) END, CAST(round(4 * log2(max(old.duration_ms, 1))) AS INTEGER), -1
  FROM (SELECT integration_id FROM deliveries WHERE id = old.delivery_id) d, (VALUES (1, 0), (1, 1), (24, 0), (24, 1)) v WHERE old.duration_ms IS NOT NULL AND old.duration_ms IS NOT NULL
  ON CONFLICT (span_hours, bucket, integration_id, ms_bucket) DO UPDATE SET
    n = n + excluded.n;
  INSERT INTO rollup_answer_times (span_hours, bucket, integration_id, ms_bucket, n)
  SELECT v.column1, CAST(new.started_at AS INTEGER) / (v.column1 * 3600000), CASE v.column2 WHEN 1 THEN -1 ELSE coalesce(d.integration_id, 0) END, CAST(round(4 * log2(max(new.duration_ms, 1))) AS INTEGER), 1
  FROM (SELECT integration_id FROM deliveries WHERE id = new.delivery_id) d, (VALUES (1, 0), (1, 1), (24, 0), (24, 1)) v WHERE new.duration_ms IS NOT NULL AND new.duration_ms IS NOT NULL
  ON CONFLICT (span_hours, bucket, integration_id, ms_bucket) DO UPDATE SET
    n = n + excluded.n;
END;
--> statement-breakpoint
CREATE TRIGGER `rollup_answer_times_delete` AFTER DELETE ON `attempts`
WHEN old.duration_ms IS NOT NULL
BEGIN
  INSERT INTO rollup_answer_times (span_hours, bucket, integration_id, ms_bucket, n)
  SELECT v.column1, CAST(old.started_at AS INTEGER) / (v.column1 * 3600000), CASE v.column2 WHEN 1 THEN -1 ELSE coalesce(d.integration_id, 0) END, CAST(round(4 * log2(max(old.duration_ms, 1))) AS INTEGER), -1
  FROM (SELECT integration_id FROM deliveries WHERE id = old.delivery_id) d, (VALUES (1, 0), (1, 1), (24, 0), (24, 1)) v WHERE true AND old.duration_ms IS NOT NULL
  ON CONFLICT (span_hours, bucket, integration_id, ms_bucket) DO UPDATE SET
    n = n + excluded.n;
END;
