CREATE TABLE `collector_refusals` (
	`span_hours` integer NOT NULL,
	`bucket` integer NOT NULL,
	`integration_id` integer NOT NULL,
	`cause` text NOT NULL,
	`n` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`span_hours`, `integration_id`, `bucket`, `cause`)
);
--> statement-breakpoint
CREATE TABLE `rollup_answer_times` (
	`span_hours` integer NOT NULL,
	`bucket` integer NOT NULL,
	`integration_id` integer NOT NULL,
	`ms_bucket` integer NOT NULL,
	`n` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`span_hours`, `integration_id`, `bucket`, `ms_bucket`)
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
	`integration_id` integer NOT NULL,
	`product` text NOT NULL,
	`day` integer NOT NULL,
	`n` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`basis`, `integration_id`, `product`, `day`)
);
--> statement-breakpoint
CREATE INDEX `rollup_products_top_idx` ON `rollup_products` (`basis`,`integration_id`,`day`,`n`);--> statement-breakpoint
CREATE TABLE `rollup_reasons` (
	`span_hours` integer NOT NULL,
	`bucket` integer NOT NULL,
	`integration_id` integer NOT NULL,
	`reason` text NOT NULL,
	`failed` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`span_hours`, `integration_id`, `bucket`, `reason`)
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
	`source_composer` integer DEFAULT 0 NOT NULL,
	`source_website` integer DEFAULT 0 NOT NULL,
	`source_resend` integer DEFAULT 0 NOT NULL,
	`source_api` integer DEFAULT 0 NOT NULL,
	`source_backfill` integer DEFAULT 0 NOT NULL,
	`type_purchase` integer DEFAULT 0 NOT NULL,
	`type_cart` integer DEFAULT 0 NOT NULL,
	`type_visit` integer DEFAULT 0 NOT NULL,
	`type_phone_call` integer DEFAULT 0 NOT NULL,
	`type_other` integer DEFAULT 0 NOT NULL,
	`type_reservation` integer DEFAULT 0 NOT NULL,
	`type_cancelled` integer DEFAULT 0 NOT NULL,
	`type_activation` integer DEFAULT 0 NOT NULL,
	`type_meeting` integer DEFAULT 0 NOT NULL,
	`type_offer` integer DEFAULT 0 NOT NULL,
	`type_download` integer DEFAULT 0 NOT NULL,
	`type_login` integer DEFAULT 0 NOT NULL,
	`type_transaction` integer DEFAULT 0 NOT NULL,
	`type_cancellation` integer DEFAULT 0 NOT NULL,
	`type_return` integer DEFAULT 0 NOT NULL,
	`type_survey` integer DEFAULT 0 NOT NULL,
	`type_app_status` integer DEFAULT 0 NOT NULL,
	`type_app_type_web` integer DEFAULT 0 NOT NULL,
	`type_app_type_manual` integer DEFAULT 0 NOT NULL,
	`type_app_type_retention` integer DEFAULT 0 NOT NULL,
	`type_app_type_upsale` integer DEFAULT 0 NOT NULL,
	`type_loan_status` integer DEFAULT 0 NOT NULL,
	`type_loan_order` integer DEFAULT 0 NOT NULL,
	`type_first_loan` integer DEFAULT 0 NOT NULL,
	`type_repeated_loan` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`span_hours`, `integration_id`, `bucket`)
);
--> statement-breakpoint
CREATE INDEX `rollup_sent_waiting_idx` ON `rollup_sent` (`span_hours`,`integration_id`,`bucket`,`waiting`) WHERE "rollup_sent"."waiting" <> 0;--> statement-breakpoint
CREATE TABLE `rollup_worth` (
	`basis` text NOT NULL,
	`span_hours` integer NOT NULL,
	`bucket` integer NOT NULL,
	`integration_id` integer NOT NULL,
	`currency` text NOT NULL,
	`orders` integer DEFAULT 0 NOT NULL,
	`revenue` integer DEFAULT 0 NOT NULL,
	`carts` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`basis`, `span_hours`, `integration_id`, `bucket`, `currency`)
);
--> statement-breakpoint
ALTER TABLE `deliveries` ADD `currency` text;