DROP INDEX `deliveries_reason_idx`;--> statement-breakpoint
CREATE INDEX `deliveries_failed_integration_idx` ON `deliveries` (`integration_id`,`id`) WHERE "deliveries"."status" = 'failed';--> statement-breakpoint
CREATE INDEX `deliveries_failed_source_idx` ON `deliveries` (`source`,`id`) WHERE "deliveries"."status" = 'failed';--> statement-breakpoint
CREATE INDEX `deliveries_reason_idx` ON `deliveries` (`reason`,`id`,`integration_id`,`type`,`status`,`source`) WHERE "deliveries"."reason" is not null;