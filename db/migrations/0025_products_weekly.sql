-- The top products' weekly tier (issue 15): rollup_products summed by week (day / 7), so a long period
-- takes its candidates from a dozen week lists instead of 90 day lists. A day's list is every product
-- with at least the tenth count, and in a shop whose products sell about once a day each that is every
-- product it sold: 18,000 index entries for 90 days of one integration at a million deliveries, most of
-- the overview's time. Kept from rollup_products by triggers on it, so every write that moves a day row
-- (migration 0016's triggers on deliveries: the collector, the worker, resends, backfill, retention,
-- erasure) moves its week row in the same statement. Integer division like the day's own (both truncate
-- toward zero): days before 1970 would share week 0, but no period reaches them (400 days at most).
CREATE TABLE `rollup_products_weekly` (
	`basis` text NOT NULL,
	`integration_id` integer NOT NULL,
	`product` text NOT NULL,
	`week` integer NOT NULL,
	`n` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`basis`, `integration_id`, `product`, `week`)
);
--> statement-breakpoint
CREATE INDEX `rollup_products_weekly_top_idx` ON `rollup_products_weekly` (`basis`,`integration_id`,`week`,`n`,`product`);
--> statement-breakpoint
CREATE VIEW `rollup_products_weekly_raw` AS
SELECT basis, integration_id, product, day / 7 AS week, sum(n) AS n FROM rollup_products_raw GROUP BY 1, 2, 3, 4;
--> statement-breakpoint
INSERT INTO `rollup_products_weekly` (basis, integration_id, product, week, n)
SELECT basis, integration_id, product, day / 7, sum(n) FROM rollup_products GROUP BY 1, 2, 3, 4 HAVING sum(n) <> 0;
--> statement-breakpoint
CREATE TRIGGER `rollup_products_weekly_insert` AFTER INSERT ON `rollup_products`
BEGIN
  INSERT INTO rollup_products_weekly (basis, integration_id, product, week, n)
  VALUES (new.basis, new.integration_id, new.product, new.day / 7, new.n)
  ON CONFLICT (basis, integration_id, product, week) DO UPDATE SET n = n + excluded.n;
END;
--> statement-breakpoint
-- The delivery triggers only ever add to a day row's count (an upsert): one upsert of the difference.
CREATE TRIGGER `rollup_products_weekly_count` AFTER UPDATE ON `rollup_products`
WHEN old.basis = new.basis AND old.integration_id = new.integration_id AND old.product = new.product
  AND old.day / 7 = new.day / 7
BEGIN
  INSERT INTO rollup_products_weekly (basis, integration_id, product, week, n)
  VALUES (new.basis, new.integration_id, new.product, new.day / 7, new.n - old.n)
  ON CONFLICT (basis, integration_id, product, week) DO UPDATE SET n = n + excluded.n;
END;
--> statement-breakpoint
-- Any other update (none today) moves the row's count from its old week to its new one.
CREATE TRIGGER `rollup_products_weekly_move` AFTER UPDATE ON `rollup_products`
WHEN NOT (old.basis = new.basis AND old.integration_id = new.integration_id AND old.product = new.product
  AND old.day / 7 = new.day / 7)
BEGIN
  INSERT INTO rollup_products_weekly (basis, integration_id, product, week, n)
  VALUES (old.basis, old.integration_id, old.product, old.day / 7, -old.n)
  ON CONFLICT (basis, integration_id, product, week) DO UPDATE SET n = n + excluded.n;
  INSERT INTO rollup_products_weekly (basis, integration_id, product, week, n)
  VALUES (new.basis, new.integration_id, new.product, new.day / 7, new.n)
  ON CONFLICT (basis, integration_id, product, week) DO UPDATE SET n = n + excluded.n;
END;
--> statement-breakpoint
CREATE TRIGGER `rollup_products_weekly_delete` AFTER DELETE ON `rollup_products`
BEGIN
  INSERT INTO rollup_products_weekly (basis, integration_id, product, week, n)
  VALUES (old.basis, old.integration_id, old.product, old.day / 7, -old.n)
  ON CONFLICT (basis, integration_id, product, week) DO UPDATE SET n = n + excluded.n;
END;
