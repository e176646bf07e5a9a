PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_incidents` (
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
INSERT INTO `__new_incidents`("id", "integration_id", "integration_name", "cause", "state", "reason", "summary", "first_seen_at", "last_seen_at", "affected", "acknowledged_by", "acknowledged_by_label", "acknowledged_at", "resolved_at", "resolved_by", "resolved_by_label", "details") SELECT "id", "integration_id", "integration_name", "cause", "state", "reason", "summary", "first_seen_at", "last_seen_at", "affected", "acknowledged_by", "acknowledged_by_label", "acknowledged_at", "resolved_at", "resolved_by", "resolved_by_label", "details" FROM `incidents`;--> statement-breakpoint
DROP TABLE `incidents`;--> statement-breakpoint
ALTER TABLE `__new_incidents` RENAME TO `incidents`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE UNIQUE INDEX `incidents_open_idx` ON `incidents` (`integration_id`,`cause`) WHERE "incidents"."state" <> 'resolved';--> statement-breakpoint
CREATE INDEX `incidents_first_seen_idx` ON `incidents` (`first_seen_at`);