DROP INDEX `deliveries_resend_of_idx`;--> statement-breakpoint
DROP INDEX `deliveries_reason_idx`;--> statement-breakpoint
CREATE INDEX `deliveries_failed_idx` ON `deliveries` (`reason`,`integration_id`,`created_at`) WHERE "deliveries"."status" = 'failed';--> statement-breakpoint
CREATE INDEX `deliveries_resend_of_idx` ON `deliveries` (`resend_of`,`status`) WHERE "deliveries"."resend_of" is not null;--> statement-breakpoint
CREATE INDEX `deliveries_reason_idx` ON `deliveries` (`reason`,`id`) WHERE "deliveries"."reason" is not null;