-- A delivery's created_at never goes back as ids go up (SQLite's migration 0007, ported): the history is
-- ordered by id, and a date range then maps exactly onto a range of ids (lib/data/deliveries.ts,
-- dateRangeConditions), which every (column, id) index can seek. A wall clock can step back (NTP, a VM
-- resumed), and on PostgreSQL several instances write at once, each with its own clock.
--
-- SQLite has one writer at a time, so "the newest row so far" is simply max(created_at). PostgreSQL
-- writers run concurrently: a transaction cannot see rows another has not committed, and ids come from a
-- sequence in the order nextval() was called, not the order of commits. So each inserting transaction
-- first takes a transaction-level advisory lock (held until it commits or rolls back): inserts into
-- deliveries are serialised, and under the lock every earlier writer has finished, so max(id) and
-- max(created_at) (one seek each, on the primary key and deliveries_created_idx) are the true newest.
-- A row whose id was drawn before the lock and is now not above max(id) takes a new one, and its
-- created_at is lifted to the newest so far: ids then follow the lock's order, and created_at with them.
-- An id given explicitly and above every id (db:copy copying in id order) is kept; if the sequence was
-- left behind such ids, it is moved past them rather than handing out one that is taken.
-- The lock costs concurrent writers their overlap (the collector's group commit writes a batch per
-- transaction, so it is taken once per batch); deliveries must be written in READ COMMITTED (the
-- default), where each statement of this function sees what the previous lock holder committed.
-- The key is the bigint whose bytes spell "smcdeliv"; db/migrate-pg.ts's lock uses another.
CREATE FUNCTION deliveries_created_monotonic() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  top_id bigint;
  latest bigint;
  seq text := pg_get_serial_sequence('deliveries', 'id');
BEGIN
  PERFORM pg_advisory_xact_lock(8317413369672657270);
  SELECT max(id), max(created_at) INTO top_id, latest FROM deliveries;
  IF NEW.id <= top_id THEN
    NEW.id := nextval(seq);
    -- Still not above: ids were given explicitly past the sequence (a copy that did not move it on).
    IF NEW.id <= top_id THEN
      PERFORM setval(seq, top_id + 1);
      NEW.id := top_id + 1;
    END IF;
  END IF;
  IF NEW.created_at < latest THEN
    NEW.created_at := latest;
  END IF;
  RETURN NEW;
END
$$;
--> statement-breakpoint
-- BEFORE, so the row is written once with its final id and created_at. Triggers of one kind fire in name
-- order: this one ("deliveries_…") before the rollups' ("rollup_…", migration 0003), which bucket by
-- created_at and must see the final value.
CREATE TRIGGER deliveries_created_monotonic BEFORE INSERT ON deliveries
FOR EACH ROW EXECUTE FUNCTION deliveries_created_monotonic();
