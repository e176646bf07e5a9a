CREATE TABLE `collector_refusals` (
	`span_hours` integer NOT NULL,
	`bucket` integer NOT NULL,
	`integration_id` integer NOT NULL,
	`cause` text NOT NULL,
	`n` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`span_hours`, `bucket`, `integration_id`, `cause`)
);
--> statement-breakpoint
CREATE TABLE `rollup_answer_times` (
	`span_hours` integer NOT NULL,
	`bucket` integer NOT NULL,
	`integration_id` integer NOT NULL,
	`ms_bucket` integer NOT NULL,
	`n` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`span_hours`, `bucket`, `integration_id`, `ms_bucket`)
);
--> statement-breakpoint
CREATE TABLE `rollup_attention` (
	`reason` text NOT NULL,
	`integration_id` integer NOT NULL,
	`failed` integer DEFAULT 0 NOT NULL,
	`retrying` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`reason`, `integration_id`)
);
--> statement-breakpoint
CREATE TABLE `rollup_products` (
	`basis` text NOT NULL,
	`day` integer NOT NULL,
	`integration_id` integer NOT NULL,
	`product` text NOT NULL,
	`n` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`basis`, `day`, `integration_id`, `product`)
);
--> statement-breakpoint
CREATE TABLE `rollup_reasons` (
	`span_hours` integer NOT NULL,
	`bucket` integer NOT NULL,
	`integration_id` integer NOT NULL,
	`reason` text NOT NULL,
	`failed` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`span_hours`, `bucket`, `integration_id`, `reason`)
);
--> statement-breakpoint
CREATE TABLE `rollup_sent` (
	`span_hours` integer NOT NULL,
	`bucket` integer NOT NULL,
	`integration_id` integer NOT NULL,
	`sent` integer DEFAULT 0 NOT NULL,
	`delivered` integer DEFAULT 0 NOT NULL,
	`failed` integer DEFAULT 0 NOT NULL,
	`unresolved` integer DEFAULT 0 NOT NULL,
	`waiting` integer DEFAULT 0 NOT NULL,
	`cancelled` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`span_hours`, `bucket`, `integration_id`)
);
--> statement-breakpoint
CREATE INDEX `rollup_sent_waiting_idx` ON `rollup_sent` (`span_hours`,`integration_id`,`bucket`,`waiting`) WHERE "rollup_sent"."waiting" <> 0;--> statement-breakpoint
CREATE TABLE `rollup_sources` (
	`span_hours` integer NOT NULL,
	`bucket` integer NOT NULL,
	`integration_id` integer NOT NULL,
	`source` text NOT NULL,
	`n` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`span_hours`, `bucket`, `integration_id`, `source`)
);
--> statement-breakpoint
CREATE TABLE `rollup_types` (
	`span_hours` integer NOT NULL,
	`bucket` integer NOT NULL,
	`integration_id` integer NOT NULL,
	`type` text NOT NULL,
	`n` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`span_hours`, `bucket`, `integration_id`, `type`)
);
--> statement-breakpoint
CREATE TABLE `rollup_worth` (
	`basis` text NOT NULL,
	`span_hours` integer NOT NULL,
	`bucket` integer NOT NULL,
	`integration_id` integer NOT NULL,
	`currency` text NOT NULL,
	`orders` integer DEFAULT 0 NOT NULL,
	`revenue` integer DEFAULT 0 NOT NULL,
	`carts` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`basis`, `span_hours`, `bucket`, `integration_id`, `currency`)
);
--> statement-breakpoint
ALTER TABLE `deliveries` ADD `currency` text;