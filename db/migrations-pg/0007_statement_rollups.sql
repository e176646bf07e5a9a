-- The overview's rollups kept by statement-level triggers (issue 17): migration 0003's row-level
-- triggers ran six upserts of four (span, scope) rows each for every row written, about 24 upserts a
-- row. Measured on the throwaway cluster (ms per row, triggers as they were → these; all triggers off
-- ~0.05): a backfill's 500-row INSERT 3.9 → 0.41, the worker's 400-row settle 0.73 → 0.14, 400
-- finished attempts inserted 0.14 → 0.04 or finished by an UPDATE 0.15 → 0.04, 500 deliveries deleted
-- with their attempts 3.4 → 0.59; 40,000 CSV rows through the backfill's writeBackfillChunk 69 s → 12 s.
-- Now each statement's rows are summed by rollup key and each rollup row is upserted once per statement.
-- What remains of a backfill's insert is mostly its distinct keys (the event-date basis spreads a CSV's
-- rows over many hours and days) and the search index's trigrams.
--
-- What is counted is unchanged: the same tables, raw views, bucket expressions and rules as migration
-- 0003 (and SQLite's 0016), taken from the same helpers (rollup_unresolved, rollup_retrying_attention,
-- rollup_worth_counts, rollup_ms_bucket). One difference in the tables: a key whose counts a statement
-- leaves unchanged is not written, so fewer rows stay behind at zero (no reader tells a row of zeros
-- from no row: the overview sums them).
--
-- How:
-- - AFTER … FOR EACH STATEMENT triggers with transition tables (REFERENCING OLD TABLE / NEW TABLE): the
--   statement's rows as they were and as they are. A delivery's contribution is taken away as it was
--   (-1) and added as it is (+1), summed per rollup key, and only keys whose sums are not all zero are
--   upserted, in key order (concurrent writers then lock the rollup rows in the same order).
-- - Transition tables are not allowed with a column list (UPDATE OF …) nor with more than one event, so
--   each event has its own trigger, and the update trigger fires on every UPDATE of deliveries: it joins
--   the old and new rows on id and passes on only rows whose counted inputs changed (the worker's claim,
--   queued → sending with attempt_count + 1, changes none and writes nothing).
-- - "Unresolved" (failed, and no resend of it succeeded) reads other rows. An AFTER STATEMENT trigger
--   sees the table after the whole statement, which is what the raw views count; the state before is the
--   table with the statement's changed rows put back as they were (old rows in, new rows out). A row the
--   statement changed is counted as it was (before) and as it is (after); an original it did not change
--   but whose resend it did (inserted, settled, deleted) gets the difference of its unresolved count.
--   Migration 0003's row triggers reached the same end state row by row (SQLite's order); a statement's
--   end state is the same whichever order its rows were in. AFTER triggers see each row as it was
--   written, after BEFORE triggers (created_at lifted by migration 0002's), whatever their names.
-- - An INSERT … ON CONFLICT DO UPDATE would be counted right too: its inserted rows reach the insert
--   trigger's NEW TABLE and its updated rows the update trigger's (nothing upserts deliveries still:
--   migration 0002's BEFORE INSERT trigger would give a row that becomes an update a new id).
-- - Answer times: a delivery's attempts go with it (ON DELETE CASCADE, after the delivery's statement,
--   when the attempts' own trigger no longer finds the delivery's integration), so a BEFORE DELETE row
--   trigger on deliveries takes them away while they are still there (deletes are retention and
--   erasure, rare and outside the send path); the attempts' delete trigger counts only attempts whose
--   delivery is still there.
-- - One trigger function per table serves its three triggers: an INSERT trigger has no OLD TABLE and a
--   DELETE trigger no NEW TABLE, and only the trigger function itself can read them (not a function it
--   calls), so the statement's SQL is built with the sources each event has and run by EXECUTE, reading
--   the transition tables where they are (tuplestores that spill to disk, so an integration deleted
--   with a million deliveries, whose SET NULL is one statement, does not build them in memory). It is
--   planned at each statement, as a SQL function's statements were until PostgreSQL 18.
DROP TRIGGER rollup_deliveries_insert ON deliveries;
--> statement-breakpoint
DROP TRIGGER rollup_deliveries_update ON deliveries;
--> statement-breakpoint
DROP TRIGGER rollup_deliveries_delete ON deliveries;
--> statement-breakpoint
DROP TRIGGER rollup_attempts_insert ON attempts;
--> statement-breakpoint
DROP TRIGGER rollup_attempts_update ON attempts;
--> statement-breakpoint
DROP TRIGGER rollup_attempts_delete ON attempts;
--> statement-breakpoint
DROP FUNCTION rollup_deliveries();
--> statement-breakpoint
DROP FUNCTION rollup_attempts();
--> statement-breakpoint
DROP FUNCTION rollup_sent_add(deliveries, bigint);
--> statement-breakpoint
DROP FUNCTION rollup_sent_outcome(deliveries, deliveries);
--> statement-breakpoint
DROP FUNCTION rollup_reasons_add(deliveries, bigint);
--> statement-breakpoint
DROP FUNCTION rollup_worth_add(deliveries, bigint);
--> statement-breakpoint
DROP FUNCTION rollup_products_add(deliveries, bigint);
--> statement-breakpoint
DROP FUNCTION rollup_attention_add(deliveries, bigint);
--> statement-breakpoint
DROP FUNCTION rollup_resend_add(deliveries, bigint);
--> statement-breakpoint
DROP FUNCTION rollup_answer_time_add(bigint, bigint, bigint, bigint);
--> statement-breakpoint
-- Whether an update changed anything a rollup counts: the status as the rollups tell it apart (queued
-- and sending are both waiting), the reason and whether it needs attention while failed or retrying, and
-- every other column a rollup or the unresolved rule reads.
CREATE FUNCTION rollup_counted_change(o deliveries, n deliveries) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
  SELECT (CASE o.status WHEN 'sending' THEN 'queued' ELSE o.status END, CASE WHEN o.status IN ('failed', 'retrying') THEN coalesce(o.reason, '') END, rollup_retrying_attention(o),
      o.type, o.source, o.operation, o.value, o.currency, o.products, o.created_at, o.event_date, o.integration_id, o.resend_of)
    IS DISTINCT FROM (CASE n.status WHEN 'sending' THEN 'queued' ELSE n.status END, CASE WHEN n.status IN ('failed', 'retrying') THEN coalesce(n.reason, '') END, rollup_retrying_attention(n),
      n.type, n.source, n.operation, n.value, n.currency, n.products, n.created_at, n.event_date, n.integration_id, n.resend_of)
$$;
--> statement-breakpoint
-- One statement's change to deliveries, after it (`deliveries` holds the state after the statement):
-- old_d, the rows as they were (taken away), and new_d, as they are (added); the same ids for an update
-- (only rows whose counted inputs changed), one side empty for an insert or a delete.
CREATE FUNCTION rollup_deliveries_changed() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE
  olds text := 'SELECT * FROM deliveries WHERE false';
  news text := 'SELECT * FROM deliveries WHERE false';
  changed CONSTANT text := 'FROM old_rows o JOIN new_rows n ON n.id = o.id WHERE rollup_counted_change(o::deliveries, n::deliveries)';
  any_changed boolean;
BEGIN
  IF TG_OP = 'INSERT' THEN
    IF NOT EXISTS (SELECT 1 FROM new_rows) THEN RETURN NULL; END IF;
    news := 'SELECT * FROM new_rows';
  ELSIF TG_OP = 'DELETE' THEN
    IF NOT EXISTS (SELECT 1 FROM old_rows) THEN RETURN NULL; END IF;
    olds := 'SELECT * FROM old_rows';
  ELSE
    -- Nothing counted changed (the worker's claim, a lease, a message): nothing to write.
    EXECUTE 'SELECT EXISTS (SELECT 1 ' || changed || ')' INTO any_changed;
    IF NOT any_changed THEN RETURN NULL; END IF;
    olds := 'SELECT o.* ' || changed;
    news := 'SELECT n.* ' || changed;
  END IF;
  EXECUTE format($sql$
    WITH old_d AS MATERIALIZED (%s),
    new_d AS MATERIALIZED (%s),
    -- The originals whose resends the statement made or unmade succeeded (a resend's old or new row).
    resent AS (SELECT resend_of AS id FROM old_d WHERE resend_of IS NOT NULL AND status = 'succeeded'
      UNION SELECT resend_of FROM new_d WHERE resend_of IS NOT NULL AND status = 'succeeded'),
    -- Of the failed old rows and those originals, the ones a resend had resolved before the statement: a
    -- succeeded resend among the old rows, or among the rows the statement did not change.
    resolved_before AS (SELECT resend_of AS id FROM old_d WHERE resend_of IS NOT NULL AND status = 'succeeded'
      UNION SELECT x.resend_of FROM deliveries x
      WHERE x.resend_of IN (SELECT id FROM old_d WHERE status = 'failed' UNION SELECT id FROM resent) AND x.status = 'succeeded'
        AND x.id NOT IN (SELECT id FROM new_d)),
    -- Each changed row with its sign s and du, its change to the unresolved count (as rollup_unresolved
    -- tells it before the statement for an old row, after it for a new row); then the originals the
    -- statement did not change but whose resends it did: s = 0, du = unresolved after - unresolved before.
    ch AS (
      SELECT -1 AS s, -(o.status = 'failed' AND o.id NOT IN (SELECT id FROM resolved_before))::int AS du, o::deliveries AS d FROM old_d o
      UNION ALL
      SELECT 1, rollup_unresolved(n::deliveries)::int, n::deliveries FROM new_d n
      UNION ALL
      SELECT 0, rollup_unresolved(x)::int - (x.id NOT IN (SELECT id FROM resolved_before))::int, x
      FROM deliveries x
      WHERE x.id IN (SELECT id FROM resent) AND x.status = 'failed' AND x.id NOT IN (SELECT id FROM old_d UNION ALL SELECT id FROM new_d)
    ),
    c AS MATERIALIZED (
      SELECT ch.s, ch.du, rollup_retrying_attention(ch.d) AS retrying, rollup_worth_counts(ch.d) AS worth, (ch.d).* FROM ch
    ),
    spans AS (SELECT * FROM (VALUES (1, 0), (1, 1), (24, 0), (24, 1)) v (span, scope)),
    sent AS (
      INSERT INTO rollup_sent AS r (span_hours, bucket, integration_id, sent, delivered, failed, unresolved, waiting, cancelled, source_composer, source_website, source_resend, source_api, source_backfill, type_purchase, type_cart, type_visit, type_phone_call, type_other, type_reservation, type_cancelled, type_activation, type_meeting, type_offer, type_download, type_login, type_transaction, type_cancellation, type_return, type_survey, type_app_status, type_app_type_web, type_app_type_manual, type_app_type_retention, type_app_type_upsale, type_loan_status, type_loan_order, type_first_loan, type_repeated_loan)
      SELECT * FROM (
        SELECT v.span, c.created_at / (v.span * 3600000) AS bucket, CASE v.scope WHEN 1 THEN -1 ELSE coalesce(c.integration_id, 0) END AS integration_id,
          sum(c.s) AS sent, sum(c.s * (c.status = 'succeeded')::int) AS delivered, sum(c.s * (c.status = 'failed')::int) AS failed, sum(c.du) AS unresolved, sum(c.s * (c.status IN ('queued', 'sending', 'retrying'))::int) AS waiting, sum(c.s * (c.status = 'cancelled')::int) AS cancelled, sum(c.s * (c.source = 'composer')::int) AS source_composer, sum(c.s * (c.source = 'website')::int) AS source_website, sum(c.s * (c.source = 'resend')::int) AS source_resend, sum(c.s * (c.source = 'api')::int) AS source_api, sum(c.s * (c.source = 'backfill')::int) AS source_backfill, sum(c.s * (c.type = 'PURCHASE')::int) AS type_purchase, sum(c.s * (c.type = 'CART')::int) AS type_cart, sum(c.s * (c.type = 'VISIT')::int) AS type_visit, sum(c.s * (c.type = 'PHONE_CALL')::int) AS type_phone_call, sum(c.s * (c.type = 'OTHER')::int) AS type_other, sum(c.s * (c.type = 'RESERVATION')::int) AS type_reservation, sum(c.s * (c.type = 'CANCELLED')::int) AS type_cancelled, sum(c.s * (c.type = 'ACTIVATION')::int) AS type_activation, sum(c.s * (c.type = 'MEETING')::int) AS type_meeting, sum(c.s * (c.type = 'OFFER')::int) AS type_offer, sum(c.s * (c.type = 'DOWNLOAD')::int) AS type_download, sum(c.s * (c.type = 'LOGIN')::int) AS type_login, sum(c.s * (c.type = 'TRANSACTION')::int) AS type_transaction, sum(c.s * (c.type = 'CANCELLATION')::int) AS type_cancellation, sum(c.s * (c.type = 'RETURN')::int) AS type_return, sum(c.s * (c.type = 'SURVEY')::int) AS type_survey, sum(c.s * (c.type = 'APP_STATUS')::int) AS type_app_status, sum(c.s * (c.type = 'APP_TYPE_WEB')::int) AS type_app_type_web, sum(c.s * (c.type = 'APP_TYPE_MANUAL')::int) AS type_app_type_manual, sum(c.s * (c.type = 'APP_TYPE_RETENTION')::int) AS type_app_type_retention, sum(c.s * (c.type = 'APP_TYPE_UPSALE')::int) AS type_app_type_upsale, sum(c.s * (c.type = 'LOAN_STATUS')::int) AS type_loan_status, sum(c.s * (c.type = 'LOAN_ORDER')::int) AS type_loan_order, sum(c.s * (c.type = 'FIRST_LOAN')::int) AS type_first_loan, sum(c.s * (c.type = 'REPEATED_LOAN')::int) AS type_repeated_loan
        FROM c, spans v GROUP BY 1, 2, 3
      ) g
      WHERE g.sent <> 0 OR g.delivered <> 0 OR g.failed <> 0 OR g.unresolved <> 0 OR g.waiting <> 0 OR g.cancelled <> 0 OR g.source_composer <> 0 OR g.source_website <> 0 OR g.source_resend <> 0 OR g.source_api <> 0 OR g.source_backfill <> 0 OR g.type_purchase <> 0 OR g.type_cart <> 0 OR g.type_visit <> 0 OR g.type_phone_call <> 0 OR g.type_other <> 0 OR g.type_reservation <> 0 OR g.type_cancelled <> 0 OR g.type_activation <> 0 OR g.type_meeting <> 0 OR g.type_offer <> 0 OR g.type_download <> 0 OR g.type_login <> 0 OR g.type_transaction <> 0 OR g.type_cancellation <> 0 OR g.type_return <> 0 OR g.type_survey <> 0 OR g.type_app_status <> 0 OR g.type_app_type_web <> 0 OR g.type_app_type_manual <> 0 OR g.type_app_type_retention <> 0 OR g.type_app_type_upsale <> 0 OR g.type_loan_status <> 0 OR g.type_loan_order <> 0 OR g.type_first_loan <> 0 OR g.type_repeated_loan <> 0
      ORDER BY g.span, g.integration_id, g.bucket
      ON CONFLICT (span_hours, integration_id, bucket) DO UPDATE SET
        sent = r.sent + excluded.sent, delivered = r.delivered + excluded.delivered, failed = r.failed + excluded.failed, unresolved = r.unresolved + excluded.unresolved, waiting = r.waiting + excluded.waiting, cancelled = r.cancelled + excluded.cancelled, source_composer = r.source_composer + excluded.source_composer, source_website = r.source_website + excluded.source_website, source_resend = r.source_resend + excluded.source_resend, source_api = r.source_api + excluded.source_api, source_backfill = r.source_backfill + excluded.source_backfill, type_purchase = r.type_purchase + excluded.type_purchase, type_cart = r.type_cart + excluded.type_cart, type_visit = r.type_visit + excluded.type_visit, type_phone_call = r.type_phone_call + excluded.type_phone_call, type_other = r.type_other + excluded.type_other, type_reservation = r.type_reservation + excluded.type_reservation, type_cancelled = r.type_cancelled + excluded.type_cancelled, type_activation = r.type_activation + excluded.type_activation, type_meeting = r.type_meeting + excluded.type_meeting, type_offer = r.type_offer + excluded.type_offer, type_download = r.type_download + excluded.type_download, type_login = r.type_login + excluded.type_login, type_transaction = r.type_transaction + excluded.type_transaction, type_cancellation = r.type_cancellation + excluded.type_cancellation, type_return = r.type_return + excluded.type_return, type_survey = r.type_survey + excluded.type_survey, type_app_status = r.type_app_status + excluded.type_app_status, type_app_type_web = r.type_app_type_web + excluded.type_app_type_web, type_app_type_manual = r.type_app_type_manual + excluded.type_app_type_manual, type_app_type_retention = r.type_app_type_retention + excluded.type_app_type_retention, type_app_type_upsale = r.type_app_type_upsale + excluded.type_app_type_upsale, type_loan_status = r.type_loan_status + excluded.type_loan_status, type_loan_order = r.type_loan_order + excluded.type_loan_order, type_first_loan = r.type_first_loan + excluded.type_first_loan, type_repeated_loan = r.type_repeated_loan + excluded.type_repeated_loan
    ),
    reasons AS (
      INSERT INTO rollup_reasons AS r (span_hours, bucket, integration_id, reason, failed)
      SELECT * FROM (
        SELECT v.span, c.created_at / (v.span * 3600000) AS bucket, CASE v.scope WHEN 1 THEN -1 ELSE coalesce(c.integration_id, 0) END AS integration_id,
          coalesce(c.reason, '') AS reason, sum(c.s) AS failed
        FROM c, spans v WHERE c.status = 'failed' AND c.s <> 0 GROUP BY 1, 2, 3, 4
      ) g
      WHERE g.failed <> 0
      ORDER BY g.span, g.integration_id, g.bucket, g.reason
      ON CONFLICT (span_hours, integration_id, bucket, reason) DO UPDATE SET failed = r.failed + excluded.failed
    ),
    worth AS (
      INSERT INTO rollup_worth AS r (basis, span_hours, bucket, integration_id, currency, orders, revenue, carts)
      SELECT * FROM (
        SELECT b.basis, v.span, (CASE b.basis WHEN 'sent' THEN c.created_at ELSE c.event_date END) / (v.span * 3600000) AS bucket,
          CASE v.scope WHEN 1 THEN -1 ELSE coalesce(c.integration_id, 0) END AS integration_id, coalesce(c.currency, '') AS currency,
          sum(c.s * (c.type = 'PURCHASE')::int) AS orders,
          sum(c.s * CASE WHEN c.type = 'PURCHASE' THEN coalesce(round((c.value * 10000)::numeric)::bigint, 0) ELSE 0 END)::bigint AS revenue,
          sum(c.s * (c.type = 'CART')::int) AS carts
        FROM c, (VALUES ('sent'), ('event')) b (basis), spans v WHERE c.worth AND c.s <> 0 GROUP BY 1, 2, 3, 4, 5
      ) g
      WHERE g.orders <> 0 OR g.revenue <> 0 OR g.carts <> 0
      ORDER BY g.basis, g.span, g.integration_id, g.bucket, g.currency
      ON CONFLICT (basis, span_hours, integration_id, bucket, currency) DO UPDATE SET
        orders = r.orders + excluded.orders, revenue = r.revenue + excluded.revenue, carts = r.carts + excluded.carts
    ),
    products AS (
      INSERT INTO rollup_products AS r (basis, integration_id, product, day, n)
      SELECT * FROM (
        SELECT b.basis, CASE v.scope WHEN 1 THEN -1 ELSE coalesce(c.integration_id, 0) END AS integration_id, btrim(p.product) AS product,
          (CASE b.basis WHEN 'sent' THEN c.created_at ELSE c.event_date END) / 86400000 AS day, sum(c.s) AS n
        FROM c, (VALUES ('sent'), ('event')) b (basis), (VALUES (0), (1)) v (scope), string_to_table(c.products, ',') p (product)
        WHERE c.type = 'PURCHASE' AND c.source <> 'resend' AND c.operation = 'add' AND c.products IS NOT NULL AND btrim(p.product) <> '' AND c.s <> 0
        GROUP BY 1, 2, 3, 4
      ) g
      WHERE g.n <> 0
      ORDER BY g.basis, g.integration_id, g.product, g.day
      ON CONFLICT (basis, integration_id, product, day) DO UPDATE SET n = r.n + excluded.n
    ),
    -- A delivery whose integration changed: its finished attempts move from the old to the new one.
    answer_times AS (
      INSERT INTO rollup_answer_times AS r (span_hours, bucket, integration_id, ms_bucket, n)
      SELECT * FROM (
        SELECT v.span, a.started_at / (v.span * 3600000) AS bucket, CASE v.scope WHEN 1 THEN -1 ELSE coalesce(k.integration_id, 0) END AS integration_id,
          rollup_ms_bucket(a.duration_ms) AS ms_bucket, sum(k.s) AS n
        FROM old_d o JOIN new_d n ON n.id = o.id AND n.integration_id IS DISTINCT FROM o.integration_id,
          LATERAL (VALUES (-1, o.integration_id), (1, n.integration_id)) k (s, integration_id),
          attempts a, spans v
        WHERE a.delivery_id = o.id AND a.duration_ms IS NOT NULL
        GROUP BY 1, 2, 3, 4
      ) g
      WHERE g.n <> 0
      ORDER BY g.span, g.integration_id, g.bucket, g.ms_bucket
      ON CONFLICT (span_hours, integration_id, bucket, ms_bucket) DO UPDATE SET n = r.n + excluded.n
    )
    INSERT INTO rollup_attention AS r (reason, integration_id, failed, retrying)
    SELECT * FROM (
      SELECT coalesce(c.reason, '') AS reason, coalesce(c.integration_id, 0) AS integration_id, sum(c.du) AS failed, sum(c.s * c.retrying::int) AS retrying
      FROM c WHERE c.status IN ('failed', 'retrying') GROUP BY 1, 2
    ) g
    WHERE g.failed <> 0 OR g.retrying <> 0
    ORDER BY g.reason, g.integration_id
    ON CONFLICT (reason, integration_id) DO UPDATE SET failed = r.failed + excluded.failed, retrying = r.retrying + excluded.retrying
  $sql$, olds, news);
  RETURN NULL;
END
$fn$;
--> statement-breakpoint
CREATE TRIGGER rollup_deliveries_insert AFTER INSERT ON deliveries REFERENCING NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION rollup_deliveries_changed();
--> statement-breakpoint
CREATE TRIGGER rollup_deliveries_update AFTER UPDATE ON deliveries REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION rollup_deliveries_changed();
--> statement-breakpoint
CREATE TRIGGER rollup_deliveries_delete AFTER DELETE ON deliveries REFERENCING OLD TABLE AS old_rows
FOR EACH STATEMENT EXECUTE FUNCTION rollup_deliveries_changed();
--> statement-breakpoint
-- A deleted delivery's finished attempts, taken away while they are still there (see above).
CREATE FUNCTION rollup_deliveries_attempts_gone() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM rollup_answer_times_of(OLD.id, OLD.integration_id, -1);
  RETURN OLD;
END
$$;
--> statement-breakpoint
CREATE TRIGGER rollup_deliveries_delete_attempts BEFORE DELETE ON deliveries
FOR EACH ROW EXECUTE FUNCTION rollup_deliveries_attempts_gone();
--> statement-breakpoint
-- One statement's change to attempts, as rollup_deliveries_changed does it: each finished attempt (with
-- a duration) counts under its delivery's integration, taken away as it was and added as it is. An
-- attempt whose delivery is gone was taken away with it (rollup_deliveries_attempts_gone).
CREATE FUNCTION rollup_attempts_changed() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE
  olds text := 'SELECT * FROM attempts WHERE false';
  news text := 'SELECT * FROM attempts WHERE false';
  changed CONSTANT text := 'FROM old_rows o JOIN new_rows n ON n.id = o.id
    WHERE (o.duration_ms IS NOT NULL OR n.duration_ms IS NOT NULL)
      AND (o.delivery_id, o.started_at, o.duration_ms) IS DISTINCT FROM (n.delivery_id, n.started_at, n.duration_ms)';
  any_changed boolean;
BEGIN
  IF TG_OP = 'INSERT' THEN
    IF NOT EXISTS (SELECT 1 FROM new_rows WHERE duration_ms IS NOT NULL) THEN RETURN NULL; END IF;
    news := 'SELECT * FROM new_rows';
  ELSIF TG_OP = 'DELETE' THEN
    -- A delivery's delete cascades to its attempts one delivery at a time, each a statement of its own
    -- whose delivery is already gone: those end here, on a plan kept for the session.
    IF NOT EXISTS (SELECT 1 FROM old_rows o JOIN deliveries d ON d.id = o.delivery_id WHERE o.duration_ms IS NOT NULL) THEN
      RETURN NULL;
    END IF;
    olds := 'SELECT * FROM old_rows';
  ELSE
    EXECUTE 'SELECT EXISTS (SELECT 1 ' || changed || ')' INTO any_changed;
    IF NOT any_changed THEN RETURN NULL; END IF;
    olds := 'SELECT o.* ' || changed;
    news := 'SELECT n.* ' || changed;
  END IF;
  EXECUTE format($sql$
    INSERT INTO rollup_answer_times AS r (span_hours, bucket, integration_id, ms_bucket, n)
    SELECT * FROM (
      SELECT v.span, a.started_at / (v.span * 3600000) AS bucket, CASE v.scope WHEN 1 THEN -1 ELSE coalesce(d.integration_id, 0) END AS integration_id,
        rollup_ms_bucket(a.duration_ms) AS ms_bucket, sum(a.s) AS n
      FROM (SELECT -1 AS s, o.delivery_id, o.started_at, o.duration_ms FROM (%s) o
        UNION ALL SELECT 1, n.delivery_id, n.started_at, n.duration_ms FROM (%s) n) a
        JOIN deliveries d ON d.id = a.delivery_id, (VALUES (1, 0), (1, 1), (24, 0), (24, 1)) v (span, scope)
      WHERE a.duration_ms IS NOT NULL
      GROUP BY 1, 2, 3, 4
    ) g
    WHERE g.n <> 0
    ORDER BY g.span, g.integration_id, g.bucket, g.ms_bucket
    ON CONFLICT (span_hours, integration_id, bucket, ms_bucket) DO UPDATE SET n = r.n + excluded.n
  $sql$, olds, news);
  RETURN NULL;
END
$fn$;
--> statement-breakpoint
CREATE TRIGGER rollup_attempts_insert AFTER INSERT ON attempts REFERENCING NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION rollup_attempts_changed();
--> statement-breakpoint
CREATE TRIGGER rollup_attempts_update AFTER UPDATE ON attempts REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION rollup_attempts_changed();
--> statement-breakpoint
CREATE TRIGGER rollup_attempts_delete AFTER DELETE ON attempts REFERENCING OLD TABLE AS old_rows
FOR EACH STATEMENT EXECUTE FUNCTION rollup_attempts_changed();
