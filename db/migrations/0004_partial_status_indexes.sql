DROP INDEX `deliveries_due_idx`;--> statement-breakpoint
DROP INDEX `deliveries_reason_idx`;--> statement-breakpoint
CREATE INDEX `deliveries_due_idx` ON `deliveries` (`next_attempt_at`) WHERE "deliveries"."status" = 'retrying';--> statement-breakpoint
CREATE INDEX `deliveries_reason_idx` ON `deliveries` (`reason`) WHERE "deliveries"."status" = 'failed';