CREATE TABLE `app_settings` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE `deliveries` ADD `bodies_removed_at` integer;--> statement-breakpoint
CREATE INDEX `deliveries_bodies_kept_idx` ON `deliveries` (`integration_id`,`created_at`) WHERE "deliveries"."bodies_removed_at" is null;--> statement-breakpoint
ALTER TABLE `integrations` ADD `retention_bodies_days` integer;--> statement-breakpoint
ALTER TABLE `integrations` ADD `retention_deliveries_days` integer;