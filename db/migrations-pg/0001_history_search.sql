-- History search on PostgreSQL (issue 17), SQLite's migration 0006 ported: any part of three characters or
-- more of a delivery's contact, external ID, products, description, detail values and decoded SALESmanago
-- message finds it ("12345@", "ord-42", a piece of a SKU, a word of the description or of the failure).
--
-- Design: one row per delivery in `deliveries_search` (delivery_id = the delivery's id, body = the text
-- searched), with a GIN index of pg_trgm trigrams on body. A GIN trigram index answers `body ILIKE
-- '%term%'` (case-insensitive, like FTS5's trigram tokenizer) by intersecting the term's trigrams, and
-- PostgreSQL then rechecks each candidate's body against the whole pattern, so no separate confirmation
-- step is needed (SQLite confirms candidates against the view). The text lives in its own table rather
-- than in an expression index on deliveries so that the worker's many updates of a delivery (claim,
-- attempts, settle) never recompute it or touch the GIN index: triggers rewrite a row only when a searched
-- column really changed, as SQLite's do. A phase-2 query combines it with the history's filters, e.g.
--   select d.* from deliveries d join deliveries_search s on s.delivery_id = d.id
--   where s.body ilike '%' || $term || '%' escape '\'   -- $term with \, % and _ escaped
--     and d.integration_id = $1 and d.status = 'failed' and d.id < $before
--   order by d.id desc limit 50
-- and the planner ANDs the trigram bitmap with the other conditions (or, for a common term, walks the
-- (column, id) indexes newest first and rechecks the body). Terms under three characters have no trigram:
-- the index cannot help them, as on SQLite (the history asks for three or more).
--
-- pg_trgm ships with PostgreSQL (Debian's postgresql package) and is a trusted extension: the database's
-- owner may create it, no superuser needed.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint
-- The searched text of one delivery, the same parts in the same order as SQLite's view
-- deliveries_search_text: detail values are the event's keys detail1, detail2... (json_each_text keeps
-- the event's own order).
CREATE FUNCTION deliveries_search_body(d deliveries) RETURNS text LANGUAGE sql STABLE AS $$
  SELECT concat_ws(' ', d.contact, d.external_id, d.products, d.event ->> 'description',
    (SELECT string_agg(e.value, ' ') FROM json_each_text(CASE WHEN json_typeof(d.event) = 'object' THEN d.event END) e
      WHERE e.key ~ '^detail[0-9]'),
    d.reason_message)
$$;
--> statement-breakpoint
-- Each delivery's searched text by its id, named and shaped as SQLite's view (lib/data reads it there).
CREATE VIEW deliveries_search_text AS SELECT d.id, deliveries_search_body(d) AS body FROM deliveries d;
--> statement-breakpoint
CREATE TABLE deliveries_search (
  delivery_id bigint PRIMARY KEY REFERENCES deliveries (id) ON DELETE CASCADE,
  body text NOT NULL
);
--> statement-breakpoint
CREATE INDEX deliveries_search_body_idx ON deliveries_search USING gin (body gin_trgm_ops);
--> statement-breakpoint
CREATE FUNCTION deliveries_search_write() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO deliveries_search (delivery_id, body) VALUES (NEW.id, deliveries_search_body(NEW))
  ON CONFLICT (delivery_id) DO UPDATE SET body = excluded.body;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER deliveries_search_insert AFTER INSERT ON deliveries
FOR EACH ROW EXECUTE FUNCTION deliveries_search_write();
--> statement-breakpoint
-- The worker sets reason_message on every settlement, mostly to what it was: only a real change of a
-- searched column rewrites the row (json has no `=`, so the event is compared as text).
CREATE TRIGGER deliveries_search_update AFTER UPDATE OF contact, external_id, products, event, reason_message ON deliveries
FOR EACH ROW WHEN (old.reason_message IS DISTINCT FROM new.reason_message OR old.contact IS DISTINCT FROM new.contact
  OR old.external_id IS DISTINCT FROM new.external_id OR old.products IS DISTINCT FROM new.products
  OR old.event::text IS DISTINCT FROM new.event::text)
EXECUTE FUNCTION deliveries_search_write();
-- A delivery's search row goes with it (ON DELETE CASCADE), so no delete trigger.
