-- A delivery's created_at never goes back as ids go up (issue 14): the history is ordered by id, and a
-- date range then maps exactly onto a range of ids (lib/data/deliveries.ts, dateRangeConditions), which
-- every (column, id) index can seek. A wall clock can step back (NTP, a VM resumed); a row written
-- meanwhile takes the newest created_at so far instead, a difference of the step at most.
-- First the rows written before this migration, each lifted to the running maximum of the rows before it.
UPDATE `deliveries` SET `created_at` = `m`.`latest`
FROM (SELECT `id`, max(`created_at`) OVER (ORDER BY `id` ROWS UNBOUNDED PRECEDING) AS `latest` FROM `deliveries`) AS `m`
WHERE `m`.`id` = `deliveries`.`id` AND `m`.`latest` > `deliveries`.`created_at`;
--> statement-breakpoint
-- Then every new row, whoever writes it. ids only grow (AUTOINCREMENT), so the newest row is the one
-- just inserted, and max(created_at) is one seek on deliveries_created_idx.
CREATE TRIGGER `deliveries_created_monotonic` AFTER INSERT ON `deliveries`
WHEN new.`created_at` < (SELECT max(`created_at`) FROM `deliveries`)
BEGIN
  UPDATE `deliveries` SET `created_at` = (SELECT max(`created_at`) FROM `deliveries`) WHERE `id` = new.`id`;
END;
