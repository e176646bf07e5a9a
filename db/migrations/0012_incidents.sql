CREATE TABLE `incidents` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`integration_id` integer,
	`integration_name` text NOT NULL,
	`cause` text NOT NULL,
	`state` text NOT NULL,
	`reason` text,
	`summary` text NOT NULL,
	`first_seen_at` integer NOT NULL,
	`last_seen_at` integer NOT NULL,
	`affected` integer DEFAULT 0 NOT NULL,
	`acknowledged_by` integer,
	`acknowledged_by_label` text,
	`acknowledged_at` integer,
	`resolved_at` integer,
	`resolved_by` integer,
	`resolved_by_label` text,
	`details` text,
	FOREIGN KEY (`integration_id`) REFERENCES `integrations`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `incidents_open_idx` ON `incidents` (`integration_id`,`cause`) WHERE "incidents"."state" <> 'resolved';--> statement-breakpoint
CREATE INDEX `incidents_first_seen_idx` ON `incidents` (`first_seen_at`);
