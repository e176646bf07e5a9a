-- The triggers and views of 0014 go first (0016 makes them again): two of them name the tables this
-- migration drops, and SQLite checks the triggers of a table it alters.
DROP TRIGGER `rollup_sent_insert`;
--> statement-breakpoint
DROP TRIGGER `rollup_sent_update`;
--> statement-breakpoint
DROP TRIGGER `rollup_sent_delete`;
--> statement-breakpoint
DROP TRIGGER `rollup_types_insert`;
--> statement-breakpoint
DROP TRIGGER `rollup_types_update`;
--> statement-breakpoint
DROP TRIGGER `rollup_types_delete`;
--> statement-breakpoint
DROP TRIGGER `rollup_sources_insert`;
--> statement-breakpoint
DROP TRIGGER `rollup_sources_update`;
--> statement-breakpoint
DROP TRIGGER `rollup_sources_delete`;
--> statement-breakpoint
DROP TRIGGER `rollup_reasons_insert`;
--> statement-breakpoint
DROP TRIGGER `rollup_reasons_update`;
--> statement-breakpoint
DROP TRIGGER `rollup_reasons_delete`;
--> statement-breakpoint
DROP TRIGGER `rollup_worth_insert`;
--> statement-breakpoint
DROP TRIGGER `rollup_worth_update`;
--> statement-breakpoint
DROP TRIGGER `rollup_worth_delete`;
--> statement-breakpoint
DROP TRIGGER `rollup_products_insert`;
--> statement-breakpoint
DROP TRIGGER `rollup_products_update`;
--> statement-breakpoint
DROP TRIGGER `rollup_products_delete`;
--> statement-breakpoint
DROP TRIGGER `rollup_attention_insert`;
--> statement-breakpoint
DROP TRIGGER `rollup_attention_update`;
--> statement-breakpoint
DROP TRIGGER `rollup_attention_delete`;
--> statement-breakpoint
DROP TRIGGER `rollup_resend_insert`;
--> statement-breakpoint
DROP TRIGGER `rollup_resend_update`;
--> statement-breakpoint
DROP TRIGGER `rollup_resend_delete`;
--> statement-breakpoint
DROP TRIGGER `rollup_answer_times_insert`;
--> statement-breakpoint
DROP TRIGGER `rollup_answer_times_update`;
--> statement-breakpoint
DROP TRIGGER `rollup_answer_times_delete`;
--> statement-breakpoint
DROP TRIGGER `rollup_answer_times_delivery_delete`;
--> statement-breakpoint
DROP TRIGGER `rollup_answer_times_integration`;
--> statement-breakpoint
DROP VIEW `rollup_sent_raw`;
--> statement-breakpoint
DROP VIEW `rollup_types_raw`;
--> statement-breakpoint
DROP VIEW `rollup_sources_raw`;
--> statement-breakpoint
DROP VIEW `rollup_reasons_raw`;
--> statement-breakpoint
DROP VIEW `rollup_worth_raw`;
--> statement-breakpoint
DROP VIEW `rollup_products_raw`;
--> statement-breakpoint
DROP VIEW `rollup_answer_times_raw`;
--> statement-breakpoint
DROP VIEW `rollup_attention_raw`;
--> statement-breakpoint
DROP TABLE `rollup_sources`;--> statement-breakpoint
DROP TABLE `rollup_types`;--> statement-breakpoint
ALTER TABLE `rollup_sent` ADD `source_composer` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `rollup_sent` ADD `source_website` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `rollup_sent` ADD `source_resend` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `rollup_sent` ADD `source_api` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `rollup_sent` ADD `source_backfill` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `rollup_sent` ADD `type_purchase` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `rollup_sent` ADD `type_cart` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `rollup_sent` ADD `type_visit` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `rollup_sent` ADD `type_phone_call` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `rollup_sent` ADD `type_other` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `rollup_sent` ADD `type_reservation` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `rollup_sent` ADD `type_cancelled` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `rollup_sent` ADD `type_activation` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `rollup_sent` ADD `type_meeting` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `rollup_sent` ADD `type_offer` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `rollup_sent` ADD `type_download` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `rollup_sent` ADD `type_login` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `rollup_sent` ADD `type_transaction` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `rollup_sent` ADD `type_cancellation` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `rollup_sent` ADD `type_return` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `rollup_sent` ADD `type_survey` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `rollup_sent` ADD `type_app_status` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `rollup_sent` ADD `type_app_type_web` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `rollup_sent` ADD `type_app_type_manual` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `rollup_sent` ADD `type_app_type_retention` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `rollup_sent` ADD `type_app_type_upsale` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `rollup_sent` ADD `type_loan_status` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `rollup_sent` ADD `type_loan_order` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `rollup_sent` ADD `type_first_loan` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `rollup_sent` ADD `type_repeated_loan` integer DEFAULT 0 NOT NULL;