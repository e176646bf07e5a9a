-- History search (issue 14): one trigram FTS5 row per delivery, rowid = the delivery's id, so any part
-- of three characters or more matches ("12345@", "ord-42", a piece of a SKU). Contentless: the text
-- stays in deliveries only, and contentless_delete lets a delivery's row go when the delivery does.
-- The indexed text is defined once, by the view; triggers keep the index in the same transaction as
-- every write to deliveries (collector, worker, composer, backfill, resend), whoever makes it.
CREATE VIEW `deliveries_search_text` AS
SELECT `id`, concat_ws(' ', `contact`, `external_id`, `products`, json_extract(`event`, '$.description'),
  (SELECT group_concat(`value`, ' ') FROM json_each(`event`) WHERE `key` GLOB 'detail[0-9]*'),
  `reason_message`) AS `body`
FROM `deliveries`;
--> statement-breakpoint
CREATE VIRTUAL TABLE `deliveries_fts` USING fts5(`body`, tokenize = 'trigram', content = '', contentless_delete = 1);
--> statement-breakpoint
CREATE TRIGGER `deliveries_fts_insert` AFTER INSERT ON `deliveries` BEGIN
  INSERT INTO `deliveries_fts` (rowid, `body`) SELECT `id`, `body` FROM `deliveries_search_text` WHERE `id` = new.`id`;
END;
--> statement-breakpoint
-- The worker sets reason_message on every settlement, mostly to what it was: only a real change of a
-- searched column rewrites the row.
CREATE TRIGGER `deliveries_fts_update` AFTER UPDATE OF `contact`, `external_id`, `products`, `event`, `reason_message` ON `deliveries`
WHEN old.`reason_message` IS NOT new.`reason_message` OR old.`contact` IS NOT new.`contact`
  OR old.`external_id` IS NOT new.`external_id` OR old.`products` IS NOT new.`products` OR old.`event` IS NOT new.`event`
BEGIN
  DELETE FROM `deliveries_fts` WHERE rowid = old.`id`;
  INSERT INTO `deliveries_fts` (rowid, `body`) SELECT `id`, `body` FROM `deliveries_search_text` WHERE `id` = new.`id`;
END;
--> statement-breakpoint
CREATE TRIGGER `deliveries_fts_delete` AFTER DELETE ON `deliveries` BEGIN
  DELETE FROM `deliveries_fts` WHERE rowid = old.`id`;
END;
--> statement-breakpoint
INSERT INTO `deliveries_fts` (rowid, `body`) SELECT `id`, `body` FROM `deliveries_search_text`;
