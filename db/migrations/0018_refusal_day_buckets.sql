-- collector_refusals' day rows, rebuilt from its hour rows. The collector bound the hour as a REAL
-- (better-sqlite3 binds every JavaScript number so), and @hour / 24 kept the fraction: a refusal at
-- 10:00 UTC went to day 20458.4166…, a row that no read of a whole day ever named, so the overview's
-- website section lost the refusals of every day it read from the day tier. The hour rows were whole
-- numbers (the INTEGER column took the REAL 491000.0 as 491000), so each day is the sum of its hours.
DELETE FROM `collector_refusals` WHERE `span_hours` = 24;
--> statement-breakpoint
INSERT INTO `collector_refusals` (`span_hours`, `bucket`, `integration_id`, `cause`, `n`)
SELECT 24, CAST(`bucket` AS INTEGER) / 24, `integration_id`, `cause`, sum(`n`)
FROM `collector_refusals` WHERE `span_hours` = 1
GROUP BY 2, 3, 4;
