CREATE INDEX `deliveries_resend_of_idx` ON `deliveries` (`resend_of`);--> statement-breakpoint
CREATE INDEX `deliveries_reason_idx` ON `deliveries` (`status`,`reason`);