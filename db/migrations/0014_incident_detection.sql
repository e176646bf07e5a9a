CREATE TABLE `delivery_outcome_minutes` (
	`integration_id` integer NOT NULL,
	`minute` integer NOT NULL,
	`succeeded` integer DEFAULT 0 NOT NULL,
	`failed` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`integration_id`, `minute`),
	FOREIGN KEY (`integration_id`) REFERENCES `integrations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `incident_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`incident_id` integer NOT NULL,
	`at` integer NOT NULL,
	`kind` text NOT NULL,
	`actor_label` text,
	`message` text NOT NULL,
	FOREIGN KEY (`incident_id`) REFERENCES `incidents`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `incident_events_incident_idx` ON `incident_events` (`incident_id`,`id`);--> statement-breakpoint
CREATE TABLE `scheduled_ticks` (
	`name` text PRIMARY KEY NOT NULL,
	`last_slot` integer NOT NULL,
	`started_at` integer NOT NULL,
	`finished_at` integer,
	`last_error` text
);
--> statement-breakpoint
CREATE TABLE `verifications` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`integration_id` integer NOT NULL,
	`at` integer NOT NULL,
	`ok` integer NOT NULL,
	`trigger` text NOT NULL,
	`message` text,
	FOREIGN KEY (`integration_id`) REFERENCES `integrations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `verifications_integration_idx` ON `verifications` (`integration_id`,`id`);--> statement-breakpoint
ALTER TABLE `integrations` ADD `incident_thresholds` text;--> statement-breakpoint
ALTER TABLE `integrations` ADD `paused_at` integer;--> statement-breakpoint
ALTER TABLE `integrations` ADD `paused_by` integer;--> statement-breakpoint
ALTER TABLE `integrations` ADD `paused_by_label` text;--> statement-breakpoint
ALTER TABLE `integrations` ADD `pause_note` text;--> statement-breakpoint
ALTER TABLE `integrations` ADD `website_event_at` integer;--> statement-breakpoint
CREATE INDEX `deliveries_queued_idx` ON `deliveries` (`integration_id`,`id`) WHERE "deliveries"."status" = 'queued';