-- The top products' weekly tier (issue 15), as on SQLite (migration 0025): rollup_products summed by
-- week (day / 7), so a long period takes its candidates from a dozen week lists instead of 90 day lists,
-- each of which, in a shop whose products sell about once a day each, is every product it sold that day.
-- Kept by the statement-level trigger function of migration 0007, given here whole with one more step:
-- the statement's products are summed per day key once (product_days), upserted as the day rows were, and
-- summed again per week key for products_weekly, each key once, in key order. A row trigger on
-- rollup_products would upsert once per day row a statement writes: thousands for one backfill chunk.
CREATE TABLE "rollup_products_weekly" (
	"basis" text NOT NULL,
	"integration_id" bigint NOT NULL,
	"product" text NOT NULL,
	"week" bigint NOT NULL,
	"n" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "rollup_products_weekly_basis_integration_id_product_week_pk" PRIMARY KEY("basis","integration_id","product","week")
);
--> statement-breakpoint
CREATE INDEX "rollup_products_weekly_top_idx" ON "rollup_products_weekly" USING btree ("basis","integration_id","week","n","product");
--> statement-breakpoint
CREATE VIEW rollup_products_weekly_raw AS
SELECT basis, integration_id, product, day / 7 AS week, sum(n)::bigint AS n FROM rollup_products_raw GROUP BY 1, 2, 3, 4;
--> statement-breakpoint
INSERT INTO rollup_products_weekly (basis, integration_id, product, week, n)
SELECT basis, integration_id, product, day / 7, sum(n) FROM rollup_products GROUP BY 1, 2, 3, 4 HAVING sum(n) <> 0;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION rollup_deliveries_changed() RETURNS trigger LANGUAGE plpgsql AS $fn$
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
    -- The statement's products per day key, summed once for both tiers (migration 0011).
    product_days AS MATERIALIZED (
      SELECT b.basis, CASE v.scope WHEN 1 THEN -1 ELSE coalesce(c.integration_id, 0) END AS integration_id, btrim(p.product) AS product,
        (CASE b.basis WHEN 'sent' THEN c.created_at ELSE c.event_date END) / 86400000 AS day, sum(c.s) AS n
      FROM c, (VALUES ('sent'), ('event')) b (basis), (VALUES (0), (1)) v (scope), string_to_table(c.products, ',') p (product)
      WHERE c.type = 'PURCHASE' AND c.source <> 'resend' AND c.operation = 'add' AND c.products IS NOT NULL AND btrim(p.product) <> '' AND c.s <> 0
      GROUP BY 1, 2, 3, 4
    ),
    products AS (
      INSERT INTO rollup_products AS r (basis, integration_id, product, day, n)
      SELECT * FROM product_days g
      WHERE g.n <> 0
      ORDER BY g.basis, g.integration_id, g.product, g.day
      ON CONFLICT (basis, integration_id, product, day) DO UPDATE SET n = r.n + excluded.n
    ),
    -- The same counts by week: a week's sum of its days' changes.
    products_weekly AS (
      INSERT INTO rollup_products_weekly AS r (basis, integration_id, product, week, n)
      SELECT * FROM (SELECT basis, integration_id, product, day / 7 AS week, sum(n)::bigint AS n FROM product_days GROUP BY 1, 2, 3, 4) g
      WHERE g.n <> 0
      ORDER BY g.basis, g.integration_id, g.product, g.week
      ON CONFLICT (basis, integration_id, product, week) DO UPDATE SET n = r.n + excluded.n
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
