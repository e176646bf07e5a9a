-- The overview's rollups on PostgreSQL (issue 17): SQLite's migration 0016 ported, with the same tables
-- (db/schema.pg.ts), the same bucket rules and the same raw views. Tiers: span_hours 1 and 24, bucket =
-- epoch ms / (span_hours × 3,600,000) (integer division, as SQLite's); each row is counted for its
-- integration (0 when it was deleted) and for -1, all integrations; products by UTC day only; answer
-- times in quarter-octave buckets, round(4 × log2(max(duration_ms, 1))); revenue in ten-thousandths,
-- rounded half away from zero like SQLite's round(); Needs attention's rules as in lib/data/attention.ts
-- (failed and not resent successfully; retrying with three attempts or more or a reason that will not
-- clear by waiting, WONT_CLEAR_BY_WAITING = 'dns').
--
-- How the port differs, and why:
-- - Each delivery's contribution is written once, as plpgsql functions taking the row and a sign (+1 to
--   add it, -1 to take it away): an insert adds the new row, a delete takes the old one away, an update
--   takes the old away and adds the new, for each rollup whose inputs changed. A change of outcome alone
--   (the worker's settle, a retry, a cancel) writes only the differences of rollup_sent's outcome columns,
--   and the trigger's WHEN lets through only changes that count (queued → sending, the worker's claim,
--   enters no function), as SQLite's do.
-- - The triggers are BEFORE ROW triggers. SQLite runs a row's trigger right after that row's change, so
--   a statement changing many rows (bulk retry, mark delivered) sees each earlier row's change and none
--   of the later ones'. PostgreSQL's AFTER ROW triggers fire only once the whole statement is done, when a
--   rollup that reads other rows (unresolved: "no resend of it succeeded") would see the later rows too;
--   a BEFORE ROW trigger sees the earlier rows' changes and not its own, which the functions allow for
--   (a row's own contribution is read from OLD and NEW, never from the table). A BEFORE INSERT trigger
--   would also count an INSERT … ON CONFLICT DO UPDATE that becomes an update: nothing upserts
--   deliveries or attempts, and the data layer must keep it so.
-- - ON CONFLICT DO UPDATE may not touch one row twice in a statement, so what may repeat a key (a
--   delivery's attempts, a purchase's repeated product) is grouped before it is written.
-- - Booleans are counted with ::int; sums of bigint columns are numeric in PostgreSQL and go back to
--   bigint when written.
-- No fill from the raw views: this migration runs on the empty database migration 0000 made (db:copy
-- fills a database after its migrations, through these triggers or by copying the tables).
CREATE VIEW rollup_spans AS SELECT 1::bigint AS span_hours UNION ALL SELECT 24;
--> statement-breakpoint
CREATE VIEW rollup_bases AS SELECT 'sent'::text AS basis UNION ALL SELECT 'event';
--> statement-breakpoint
CREATE VIEW rollup_scopes AS SELECT 0 AS all_integrations UNION ALL SELECT 1;
--> statement-breakpoint
-- Failed and no resend of it succeeded: the failed part of Needs attention (lib/data/attention.ts).
CREATE FUNCTION rollup_unresolved(d deliveries) RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT d.status = 'failed' AND NOT EXISTS (SELECT 1 FROM deliveries x WHERE x.resend_of = d.id AND x.status = 'succeeded')
$$;
--> statement-breakpoint
-- Retrying that will not clear by waiting: three attempts or more, or a reason in WONT_CLEAR_BY_WAITING.
CREATE FUNCTION rollup_retrying_attention(d deliveries) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
  SELECT d.status = 'retrying' AND (d.attempt_count >= 3 OR d.reason IS NOT DISTINCT FROM 'dns')
$$;
--> statement-breakpoint
-- Counted in rollup_worth: a purchase or cart, first sent (not a resend, not an update of an earlier event).
CREATE FUNCTION rollup_worth_counts(d deliveries) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
  SELECT d.type IN ('PURCHASE', 'CART') AND d.source <> 'resend' AND d.operation = 'add'
$$;
--> statement-breakpoint
CREATE FUNCTION rollup_ms_bucket(ms bigint) RETURNS bigint LANGUAGE sql IMMUTABLE AS $$
  SELECT round((4 * ln(greatest(ms, 1)::float8) / ln(2::float8))::numeric)::bigint
$$;
--> statement-breakpoint
CREATE VIEW rollup_sent_raw AS
SELECT s.span_hours, d.created_at / (s.span_hours * 3600000) AS bucket, CASE g.all_integrations WHEN 1 THEN -1 ELSE coalesce(d.integration_id, 0) END AS integration_id,
  count(*) AS sent,
  count(*) FILTER (WHERE d.status = 'succeeded') AS delivered,
  count(*) FILTER (WHERE d.status = 'failed') AS failed,
  count(*) FILTER (WHERE rollup_unresolved(d)) AS unresolved,
  count(*) FILTER (WHERE d.status IN ('queued', 'sending', 'retrying')) AS waiting,
  count(*) FILTER (WHERE d.status = 'cancelled') AS cancelled,
  count(*) FILTER (WHERE d.source = 'composer') AS source_composer,
  count(*) FILTER (WHERE d.source = 'website') AS source_website,
  count(*) FILTER (WHERE d.source = 'resend') AS source_resend,
  count(*) FILTER (WHERE d.source = 'api') AS source_api,
  count(*) FILTER (WHERE d.source = 'backfill') AS source_backfill,
  count(*) FILTER (WHERE d.type = 'PURCHASE') AS type_purchase,
  count(*) FILTER (WHERE d.type = 'CART') AS type_cart,
  count(*) FILTER (WHERE d.type = 'VISIT') AS type_visit,
  count(*) FILTER (WHERE d.type = 'PHONE_CALL') AS type_phone_call,
  count(*) FILTER (WHERE d.type = 'OTHER') AS type_other,
  count(*) FILTER (WHERE d.type = 'RESERVATION') AS type_reservation,
  count(*) FILTER (WHERE d.type = 'CANCELLED') AS type_cancelled,
  count(*) FILTER (WHERE d.type = 'ACTIVATION') AS type_activation,
  count(*) FILTER (WHERE d.type = 'MEETING') AS type_meeting,
  count(*) FILTER (WHERE d.type = 'OFFER') AS type_offer,
  count(*) FILTER (WHERE d.type = 'DOWNLOAD') AS type_download,
  count(*) FILTER (WHERE d.type = 'LOGIN') AS type_login,
  count(*) FILTER (WHERE d.type = 'TRANSACTION') AS type_transaction,
  count(*) FILTER (WHERE d.type = 'CANCELLATION') AS type_cancellation,
  count(*) FILTER (WHERE d.type = 'RETURN') AS type_return,
  count(*) FILTER (WHERE d.type = 'SURVEY') AS type_survey,
  count(*) FILTER (WHERE d.type = 'APP_STATUS') AS type_app_status,
  count(*) FILTER (WHERE d.type = 'APP_TYPE_WEB') AS type_app_type_web,
  count(*) FILTER (WHERE d.type = 'APP_TYPE_MANUAL') AS type_app_type_manual,
  count(*) FILTER (WHERE d.type = 'APP_TYPE_RETENTION') AS type_app_type_retention,
  count(*) FILTER (WHERE d.type = 'APP_TYPE_UPSALE') AS type_app_type_upsale,
  count(*) FILTER (WHERE d.type = 'LOAN_STATUS') AS type_loan_status,
  count(*) FILTER (WHERE d.type = 'LOAN_ORDER') AS type_loan_order,
  count(*) FILTER (WHERE d.type = 'FIRST_LOAN') AS type_first_loan,
  count(*) FILTER (WHERE d.type = 'REPEATED_LOAN') AS type_repeated_loan
FROM deliveries d, rollup_spans s, rollup_scopes g GROUP BY 1, 2, 3;
--> statement-breakpoint
CREATE VIEW rollup_reasons_raw AS
SELECT s.span_hours, d.created_at / (s.span_hours * 3600000) AS bucket, CASE g.all_integrations WHEN 1 THEN -1 ELSE coalesce(d.integration_id, 0) END AS integration_id, coalesce(d.reason, '') AS reason,
  count(*) AS failed
FROM deliveries d, rollup_spans s, rollup_scopes g WHERE d.status = 'failed' GROUP BY 1, 2, 3, 4;
--> statement-breakpoint
CREATE VIEW rollup_worth_raw AS
SELECT b.basis, s.span_hours, (CASE b.basis WHEN 'sent' THEN d.created_at ELSE d.event_date END) / (s.span_hours * 3600000) AS bucket, CASE g.all_integrations WHEN 1 THEN -1 ELSE coalesce(d.integration_id, 0) END AS integration_id, coalesce(d.currency, '') AS currency,
  count(*) FILTER (WHERE d.type = 'PURCHASE') AS orders,
  coalesce(sum(round((d.value * 10000)::numeric)) FILTER (WHERE d.type = 'PURCHASE'), 0)::bigint AS revenue,
  count(*) FILTER (WHERE d.type = 'CART') AS carts
FROM deliveries d, rollup_spans s, rollup_bases b, rollup_scopes g WHERE rollup_worth_counts(d) GROUP BY 1, 2, 3, 4, 5;
--> statement-breakpoint
CREATE VIEW rollup_products_raw AS
SELECT b.basis, CASE g.all_integrations WHEN 1 THEN -1 ELSE coalesce(d.integration_id, 0) END AS integration_id, btrim(p.product) AS product,
  (CASE b.basis WHEN 'sent' THEN d.created_at ELSE d.event_date END) / 86400000 AS day, count(*) AS n
FROM deliveries d, rollup_bases b, rollup_scopes g, string_to_table(d.products, ',') p (product)
WHERE d.type = 'PURCHASE' AND d.source <> 'resend' AND d.operation = 'add' AND d.products IS NOT NULL AND btrim(p.product) <> '' GROUP BY 1, 2, 3, 4;
--> statement-breakpoint
CREATE VIEW rollup_answer_times_raw AS
SELECT s.span_hours, a.started_at / (s.span_hours * 3600000) AS bucket, CASE g.all_integrations WHEN 1 THEN -1 ELSE coalesce(d.integration_id, 0) END AS integration_id,
  rollup_ms_bucket(a.duration_ms) AS ms_bucket, count(*) AS n
FROM attempts a JOIN deliveries d ON d.id = a.delivery_id, rollup_spans s, rollup_scopes g WHERE a.duration_ms IS NOT NULL
GROUP BY 1, 2, 3, 4;
--> statement-breakpoint
CREATE VIEW rollup_attention_raw AS
SELECT coalesce(d.reason, '') AS reason, coalesce(d.integration_id, 0) AS integration_id,
  count(*) FILTER (WHERE rollup_unresolved(d)) AS failed, count(*) FILTER (WHERE rollup_retrying_attention(d)) AS retrying
FROM deliveries d WHERE d.status IN ('failed', 'retrying') GROUP BY 1, 2
HAVING count(*) FILTER (WHERE rollup_unresolved(d)) > 0 OR count(*) FILTER (WHERE rollup_retrying_attention(d)) > 0;
--> statement-breakpoint
-- A delivery's whole row in rollup_sent, times s.
CREATE FUNCTION rollup_sent_add(d deliveries, s bigint) RETURNS void LANGUAGE sql AS $$
  INSERT INTO rollup_sent AS r (span_hours, bucket, integration_id, sent, delivered, failed, unresolved, waiting, cancelled, source_composer, source_website, source_resend, source_api, source_backfill, type_purchase, type_cart, type_visit, type_phone_call, type_other, type_reservation, type_cancelled, type_activation, type_meeting, type_offer, type_download, type_login, type_transaction, type_cancellation, type_return, type_survey, type_app_status, type_app_type_web, type_app_type_manual, type_app_type_retention, type_app_type_upsale, type_loan_status, type_loan_order, type_first_loan, type_repeated_loan)
  SELECT v.span, d.created_at / (v.span * 3600000), CASE v.scope WHEN 1 THEN -1 ELSE coalesce(d.integration_id, 0) END, s,
    s * (d.status = 'succeeded')::int, s * (d.status = 'failed')::int, s * (rollup_unresolved(d))::int, s * (d.status IN ('queued', 'sending', 'retrying'))::int, s * (d.status = 'cancelled')::int,
    s * (d.source = 'composer')::int, s * (d.source = 'website')::int, s * (d.source = 'resend')::int, s * (d.source = 'api')::int, s * (d.source = 'backfill')::int, s * (d.type = 'PURCHASE')::int, s * (d.type = 'CART')::int, s * (d.type = 'VISIT')::int, s * (d.type = 'PHONE_CALL')::int, s * (d.type = 'OTHER')::int, s * (d.type = 'RESERVATION')::int, s * (d.type = 'CANCELLED')::int, s * (d.type = 'ACTIVATION')::int, s * (d.type = 'MEETING')::int, s * (d.type = 'OFFER')::int, s * (d.type = 'DOWNLOAD')::int, s * (d.type = 'LOGIN')::int, s * (d.type = 'TRANSACTION')::int, s * (d.type = 'CANCELLATION')::int, s * (d.type = 'RETURN')::int, s * (d.type = 'SURVEY')::int, s * (d.type = 'APP_STATUS')::int, s * (d.type = 'APP_TYPE_WEB')::int, s * (d.type = 'APP_TYPE_MANUAL')::int, s * (d.type = 'APP_TYPE_RETENTION')::int, s * (d.type = 'APP_TYPE_UPSALE')::int, s * (d.type = 'LOAN_STATUS')::int, s * (d.type = 'LOAN_ORDER')::int, s * (d.type = 'FIRST_LOAN')::int, s * (d.type = 'REPEATED_LOAN')::int
  FROM (VALUES (1, 0), (1, 1), (24, 0), (24, 1)) v (span, scope)
  ON CONFLICT (span_hours, integration_id, bucket) DO UPDATE SET
    sent = r.sent + excluded.sent, delivered = r.delivered + excluded.delivered, failed = r.failed + excluded.failed, unresolved = r.unresolved + excluded.unresolved, waiting = r.waiting + excluded.waiting, cancelled = r.cancelled + excluded.cancelled, source_composer = r.source_composer + excluded.source_composer, source_website = r.source_website + excluded.source_website, source_resend = r.source_resend + excluded.source_resend, source_api = r.source_api + excluded.source_api, source_backfill = r.source_backfill + excluded.source_backfill, type_purchase = r.type_purchase + excluded.type_purchase, type_cart = r.type_cart + excluded.type_cart, type_visit = r.type_visit + excluded.type_visit, type_phone_call = r.type_phone_call + excluded.type_phone_call, type_other = r.type_other + excluded.type_other, type_reservation = r.type_reservation + excluded.type_reservation, type_cancelled = r.type_cancelled + excluded.type_cancelled, type_activation = r.type_activation + excluded.type_activation, type_meeting = r.type_meeting + excluded.type_meeting, type_offer = r.type_offer + excluded.type_offer, type_download = r.type_download + excluded.type_download, type_login = r.type_login + excluded.type_login, type_transaction = r.type_transaction + excluded.type_transaction, type_cancellation = r.type_cancellation + excluded.type_cancellation, type_return = r.type_return + excluded.type_return, type_survey = r.type_survey + excluded.type_survey, type_app_status = r.type_app_status + excluded.type_app_status, type_app_type_web = r.type_app_type_web + excluded.type_app_type_web, type_app_type_manual = r.type_app_type_manual + excluded.type_app_type_manual, type_app_type_retention = r.type_app_type_retention + excluded.type_app_type_retention, type_app_type_upsale = r.type_app_type_upsale + excluded.type_app_type_upsale, type_loan_status = r.type_loan_status + excluded.type_loan_status, type_loan_order = r.type_loan_order + excluded.type_loan_order, type_first_loan = r.type_first_loan + excluded.type_first_loan, type_repeated_loan = r.type_repeated_loan + excluded.type_repeated_loan
$$;
--> statement-breakpoint
-- Only the outcome of a delivery changed (same hour, integration, type and source): the differences.
CREATE FUNCTION rollup_sent_outcome(o deliveries, n deliveries) RETURNS void LANGUAGE sql AS $$
  INSERT INTO rollup_sent AS r (span_hours, bucket, integration_id, delivered, failed, unresolved, waiting, cancelled)
  SELECT v.span, n.created_at / (v.span * 3600000), CASE v.scope WHEN 1 THEN -1 ELSE coalesce(n.integration_id, 0) END,
    (n.status = 'succeeded')::int - (o.status = 'succeeded')::int, (n.status = 'failed')::int - (o.status = 'failed')::int, (rollup_unresolved(n))::int - (rollup_unresolved(o))::int, (n.status IN ('queued', 'sending', 'retrying'))::int - (o.status IN ('queued', 'sending', 'retrying'))::int, (n.status = 'cancelled')::int - (o.status = 'cancelled')::int
  FROM (VALUES (1, 0), (1, 1), (24, 0), (24, 1)) v (span, scope)
  ON CONFLICT (span_hours, integration_id, bucket) DO UPDATE SET
    delivered = r.delivered + excluded.delivered, failed = r.failed + excluded.failed, unresolved = r.unresolved + excluded.unresolved, waiting = r.waiting + excluded.waiting, cancelled = r.cancelled + excluded.cancelled
$$;
--> statement-breakpoint
CREATE FUNCTION rollup_reasons_add(d deliveries, s bigint) RETURNS void LANGUAGE sql AS $$
  INSERT INTO rollup_reasons AS r (span_hours, bucket, integration_id, reason, failed)
  SELECT v.span, d.created_at / (v.span * 3600000), CASE v.scope WHEN 1 THEN -1 ELSE coalesce(d.integration_id, 0) END, coalesce(d.reason, ''), s
  FROM (VALUES (1, 0), (1, 1), (24, 0), (24, 1)) v (span, scope) WHERE d.status = 'failed'
  ON CONFLICT (span_hours, integration_id, bucket, reason) DO UPDATE SET failed = r.failed + excluded.failed
$$;
--> statement-breakpoint
CREATE FUNCTION rollup_worth_add(d deliveries, s bigint) RETURNS void LANGUAGE sql AS $$
  INSERT INTO rollup_worth AS r (basis, span_hours, bucket, integration_id, currency, orders, revenue, carts)
  SELECT b.basis, v.span, (CASE b.basis WHEN 'sent' THEN d.created_at ELSE d.event_date END) / (v.span * 3600000), CASE v.scope WHEN 1 THEN -1 ELSE coalesce(d.integration_id, 0) END,
    coalesce(d.currency, ''), s * (d.type = 'PURCHASE')::int,
    s * CASE WHEN d.type = 'PURCHASE' THEN coalesce(round((d.value * 10000)::numeric)::bigint, 0) ELSE 0 END,
    s * (d.type = 'CART')::int
  FROM (VALUES ('sent'), ('event')) b (basis), (VALUES (1, 0), (1, 1), (24, 0), (24, 1)) v (span, scope) WHERE rollup_worth_counts(d)
  ON CONFLICT (basis, span_hours, integration_id, bucket, currency) DO UPDATE SET
    orders = r.orders + excluded.orders, revenue = r.revenue + excluded.revenue, carts = r.carts + excluded.carts
$$;
--> statement-breakpoint
CREATE FUNCTION rollup_products_add(d deliveries, s bigint) RETURNS void LANGUAGE sql AS $$
  INSERT INTO rollup_products AS r (basis, integration_id, product, day, n)
  SELECT b.basis, CASE v.scope WHEN 1 THEN -1 ELSE coalesce(d.integration_id, 0) END, btrim(p.product), (CASE b.basis WHEN 'sent' THEN d.created_at ELSE d.event_date END) / 86400000, s * count(*)
  FROM (VALUES ('sent'), ('event')) b (basis), (VALUES (0), (1)) v (scope), string_to_table(d.products, ',') p (product)
  WHERE d.type = 'PURCHASE' AND d.source <> 'resend' AND d.operation = 'add' AND d.products IS NOT NULL AND btrim(p.product) <> ''
  GROUP BY 1, 2, 3, 4
  ON CONFLICT (basis, integration_id, product, day) DO UPDATE SET n = r.n + excluded.n
$$;
--> statement-breakpoint
CREATE FUNCTION rollup_attention_add(d deliveries, s bigint) RETURNS void LANGUAGE sql AS $$
  INSERT INTO rollup_attention AS r (reason, integration_id, failed, retrying)
  SELECT coalesce(d.reason, ''), coalesce(d.integration_id, 0), s * x.unresolved::int, s * x.retrying::int
  FROM (SELECT rollup_unresolved(d) AS unresolved, rollup_retrying_attention(d) AS retrying) x
  WHERE x.unresolved OR x.retrying
  ON CONFLICT (reason, integration_id) DO UPDATE SET failed = r.failed + excluded.failed, retrying = r.retrying + excluded.retrying
$$;
--> statement-breakpoint
-- A succeeded resend resolves its original (failed, and no other resend of it succeeded): s = 1 takes the
-- original out of unresolved and Needs attention, s = -1 (the resend deleted, or no longer succeeded)
-- puts it back. The resend itself is left out of "other resends": in a BEFORE trigger it is still in the
-- table as it was.
CREATE FUNCTION rollup_resend_add(d deliveries, s bigint) RETURNS void LANGUAGE sql AS $$
  INSERT INTO rollup_sent AS r (span_hours, bucket, integration_id, unresolved)
  SELECT v.span, o.created_at / (v.span * 3600000), CASE v.scope WHEN 1 THEN -1 ELSE coalesce(o.integration_id, 0) END, -s
  FROM deliveries o, (VALUES (1, 0), (1, 1), (24, 0), (24, 1)) v (span, scope)
  WHERE d.resend_of IS NOT NULL AND d.status = 'succeeded' AND o.id = d.resend_of AND o.status = 'failed'
    AND NOT EXISTS (SELECT 1 FROM deliveries x WHERE x.resend_of = o.id AND x.status = 'succeeded' AND x.id <> d.id)
  ON CONFLICT (span_hours, integration_id, bucket) DO UPDATE SET unresolved = r.unresolved + excluded.unresolved;
  INSERT INTO rollup_attention AS r (reason, integration_id, failed)
  SELECT coalesce(o.reason, ''), coalesce(o.integration_id, 0), -s
  FROM deliveries o
  WHERE d.resend_of IS NOT NULL AND d.status = 'succeeded' AND o.id = d.resend_of AND o.status = 'failed'
    AND NOT EXISTS (SELECT 1 FROM deliveries x WHERE x.resend_of = o.id AND x.status = 'succeeded' AND x.id <> d.id)
  ON CONFLICT (reason, integration_id) DO UPDATE SET failed = r.failed + excluded.failed
$$;
--> statement-breakpoint
-- Finished attempts (with a duration), under the integration given: one attempt, or all of a delivery's.
CREATE FUNCTION rollup_answer_time_add(started_at bigint, duration_ms bigint, integration bigint, s bigint) RETURNS void LANGUAGE sql AS $$
  INSERT INTO rollup_answer_times AS r (span_hours, bucket, integration_id, ms_bucket, n)
  SELECT v.span, started_at / (v.span * 3600000), CASE v.scope WHEN 1 THEN -1 ELSE coalesce(integration, 0) END, rollup_ms_bucket(duration_ms), s
  FROM (VALUES (1, 0), (1, 1), (24, 0), (24, 1)) v (span, scope) WHERE duration_ms IS NOT NULL
  ON CONFLICT (span_hours, integration_id, bucket, ms_bucket) DO UPDATE SET n = r.n + excluded.n
$$;
--> statement-breakpoint
CREATE FUNCTION rollup_answer_times_of(delivery bigint, integration bigint, s bigint) RETURNS void LANGUAGE sql AS $$
  INSERT INTO rollup_answer_times AS r (span_hours, bucket, integration_id, ms_bucket, n)
  SELECT v.span, a.started_at / (v.span * 3600000), CASE v.scope WHEN 1 THEN -1 ELSE coalesce(integration, 0) END, rollup_ms_bucket(a.duration_ms), s * count(*)
  FROM attempts a, (VALUES (1, 0), (1, 1), (24, 0), (24, 1)) v (span, scope) WHERE a.delivery_id = delivery AND a.duration_ms IS NOT NULL
  GROUP BY 1, 2, 3, 4
  ON CONFLICT (span_hours, integration_id, bucket, ms_bucket) DO UPDATE SET n = r.n + excluded.n
$$;
--> statement-breakpoint
CREATE FUNCTION rollup_deliveries() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM rollup_sent_add(NEW, 1), rollup_reasons_add(NEW, 1), rollup_worth_add(NEW, 1), rollup_products_add(NEW, 1),
      rollup_attention_add(NEW, 1), rollup_resend_add(NEW, 1);
    RETURN NEW;
  ELSIF TG_OP = 'DELETE' THEN
    -- Its attempts go too (ON DELETE CASCADE, after this statement, when the delivery is gone and the
    -- attempts' own trigger finds nothing to count them under): their answer times are taken away here.
    PERFORM rollup_sent_add(OLD, -1), rollup_reasons_add(OLD, -1), rollup_worth_add(OLD, -1), rollup_products_add(OLD, -1),
      rollup_attention_add(OLD, -1), rollup_resend_add(OLD, -1), rollup_answer_times_of(OLD.id, OLD.integration_id, -1);
    RETURN OLD;
  END IF;
  IF old.created_at IS DISTINCT FROM new.created_at OR old.integration_id IS DISTINCT FROM new.integration_id OR old.type IS DISTINCT FROM new.type OR old.source IS DISTINCT FROM new.source THEN
    PERFORM rollup_sent_add(OLD, -1), rollup_sent_add(NEW, 1);
  ELSIF (CASE OLD.status WHEN 'succeeded' THEN 1 WHEN 'failed' THEN 2 WHEN 'cancelled' THEN 3 ELSE 0 END) <> (CASE NEW.status WHEN 'succeeded' THEN 1 WHEN 'failed' THEN 2 WHEN 'cancelled' THEN 3 ELSE 0 END) THEN
    PERFORM rollup_sent_outcome(OLD, NEW);
  END IF;
  IF (OLD.status = 'failed' OR NEW.status = 'failed') AND (old.status IS DISTINCT FROM new.status OR old.reason IS DISTINCT FROM new.reason OR old.created_at IS DISTINCT FROM new.created_at OR old.integration_id IS DISTINCT FROM new.integration_id) THEN
    PERFORM rollup_reasons_add(OLD, -1), rollup_reasons_add(NEW, 1);
  END IF;
  IF (OLD.status IN ('failed', 'retrying') OR NEW.status IN ('failed', 'retrying'))
    AND (old.status IS DISTINCT FROM new.status OR old.reason IS DISTINCT FROM new.reason OR old.attempt_count IS DISTINCT FROM new.attempt_count OR old.integration_id IS DISTINCT FROM new.integration_id) THEN
    PERFORM rollup_attention_add(OLD, -1), rollup_attention_add(NEW, 1);
  END IF;
  IF (rollup_worth_counts(OLD) OR rollup_worth_counts(NEW)) AND (old.type IS DISTINCT FROM new.type OR old.source IS DISTINCT FROM new.source OR old.operation IS DISTINCT FROM new.operation OR old.value IS DISTINCT FROM new.value OR old.currency IS DISTINCT FROM new.currency OR old.created_at IS DISTINCT FROM new.created_at OR old.event_date IS DISTINCT FROM new.event_date OR old.integration_id IS DISTINCT FROM new.integration_id) THEN
    PERFORM rollup_worth_add(OLD, -1), rollup_worth_add(NEW, 1);
  END IF;
  IF (OLD.type = 'PURCHASE' OR NEW.type = 'PURCHASE') AND (old.products IS DISTINCT FROM new.products OR old.type IS DISTINCT FROM new.type OR old.source IS DISTINCT FROM new.source OR old.operation IS DISTINCT FROM new.operation OR old.created_at IS DISTINCT FROM new.created_at OR old.event_date IS DISTINCT FROM new.event_date OR old.integration_id IS DISTINCT FROM new.integration_id) THEN
    PERFORM rollup_products_add(OLD, -1), rollup_products_add(NEW, 1);
  END IF;
  IF OLD.integration_id IS DISTINCT FROM NEW.integration_id THEN
    PERFORM rollup_answer_times_of(OLD.id, OLD.integration_id, -1), rollup_answer_times_of(OLD.id, NEW.integration_id, 1);
  END IF;
  IF (OLD.resend_of IS NOT NULL OR NEW.resend_of IS NOT NULL)
    AND (OLD.resend_of IS DISTINCT FROM NEW.resend_of OR (OLD.status = 'succeeded') <> (NEW.status = 'succeeded')) THEN
    PERFORM rollup_resend_add(OLD, -1), rollup_resend_add(NEW, 1);
  END IF;
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE TRIGGER rollup_deliveries_insert BEFORE INSERT ON deliveries FOR EACH ROW EXECUTE FUNCTION rollup_deliveries();
--> statement-breakpoint
-- Only changes that count enter the function: the worker's claim (queued → sending) changes no outcome.
CREATE TRIGGER rollup_deliveries_update BEFORE UPDATE OF status, reason, attempt_count, type, source, operation, value, currency, created_at, event_date, integration_id, products, resend_of ON deliveries
FOR EACH ROW WHEN ((CASE old.status WHEN 'succeeded' THEN 1 WHEN 'failed' THEN 2 WHEN 'cancelled' THEN 3 ELSE 0 END) <> (CASE new.status WHEN 'succeeded' THEN 1 WHEN 'failed' THEN 2 WHEN 'cancelled' THEN 3 ELSE 0 END)
  OR old.created_at IS DISTINCT FROM new.created_at OR old.integration_id IS DISTINCT FROM new.integration_id OR old.type IS DISTINCT FROM new.type OR old.source IS DISTINCT FROM new.source OR old.operation IS DISTINCT FROM new.operation OR old.value IS DISTINCT FROM new.value OR old.currency IS DISTINCT FROM new.currency OR old.event_date IS DISTINCT FROM new.event_date OR old.products IS DISTINCT FROM new.products OR old.resend_of IS DISTINCT FROM new.resend_of
  OR ((old.status IN ('failed', 'retrying') OR new.status IN ('failed', 'retrying')) AND (old.status IS DISTINCT FROM new.status OR old.reason IS DISTINCT FROM new.reason OR old.attempt_count IS DISTINCT FROM new.attempt_count)))
EXECUTE FUNCTION rollup_deliveries();
--> statement-breakpoint
CREATE TRIGGER rollup_deliveries_delete BEFORE DELETE ON deliveries FOR EACH ROW EXECUTE FUNCTION rollup_deliveries();
--> statement-breakpoint
-- An attempt counts under its delivery's integration; a finished attempt (with a duration) only.
CREATE FUNCTION rollup_attempts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.duration_ms IS NOT NULL THEN
    PERFORM rollup_answer_time_add(OLD.started_at, OLD.duration_ms, d.integration_id, -1) FROM deliveries d WHERE d.id = OLD.delivery_id;
  END IF;
  IF TG_OP IN ('UPDATE', 'INSERT') AND NEW.duration_ms IS NOT NULL THEN
    PERFORM rollup_answer_time_add(NEW.started_at, NEW.duration_ms, d.integration_id, 1) FROM deliveries d WHERE d.id = NEW.delivery_id;
  END IF;
  RETURN CASE TG_OP WHEN 'DELETE' THEN OLD ELSE NEW END;
END
$$;
--> statement-breakpoint
CREATE TRIGGER rollup_attempts_insert BEFORE INSERT ON attempts FOR EACH ROW WHEN (new.duration_ms IS NOT NULL)
EXECUTE FUNCTION rollup_attempts();
--> statement-breakpoint
CREATE TRIGGER rollup_attempts_update BEFORE UPDATE OF duration_ms, started_at, delivery_id ON attempts
FOR EACH ROW WHEN ((old.duration_ms IS NOT NULL OR new.duration_ms IS NOT NULL)
  AND (old.duration_ms IS DISTINCT FROM new.duration_ms OR old.started_at IS DISTINCT FROM new.started_at OR old.delivery_id IS DISTINCT FROM new.delivery_id))
EXECUTE FUNCTION rollup_attempts();
--> statement-breakpoint
CREATE TRIGGER rollup_attempts_delete BEFORE DELETE ON attempts FOR EACH ROW WHEN (old.duration_ms IS NOT NULL)
EXECUTE FUNCTION rollup_attempts();
