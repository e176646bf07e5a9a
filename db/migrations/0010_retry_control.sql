ALTER TABLE `deliveries` ADD `replaced_by` integer;--> statement-breakpoint
CREATE INDEX `deliveries_retrying_attention_idx` ON `deliveries` (`reason`,`attempt_count`,`next_attempt_at`,`integration_id`,`created_at`) WHERE "deliveries"."status" = 'retrying';--> statement-breakpoint
ALTER TABLE `integrations` ADD `unknown_outcome` text;