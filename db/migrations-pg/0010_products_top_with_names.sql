-- The top products' index carries the product's name (issue 15): a day's list is read from the index alone,
-- where it looked every row of a long tie up in the table (lib/data/overview-read.ts, topProducts).
DROP INDEX "rollup_products_top_idx";--> statement-breakpoint
CREATE INDEX "rollup_products_top_idx" ON "rollup_products" USING btree ("basis","integration_id","day","n","product");
