CREATE TABLE `attempts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`delivery_id` integer NOT NULL,
	`number` integer NOT NULL,
	`started_at` integer NOT NULL,
	`duration_ms` integer,
	`url` text NOT NULL,
	`request` text NOT NULL,
	`http_status` integer,
	`response_body` text,
	`response_truncated` integer DEFAULT false NOT NULL,
	`outcome` text NOT NULL,
	`reason` text,
	`message` text,
	`batch_size` integer,
	FOREIGN KEY (`delivery_id`) REFERENCES `deliveries`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `attempts_delivery_idx` ON `attempts` (`delivery_id`,`number`);--> statement-breakpoint
CREATE TABLE `deliveries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`integration_id` integer,
	`integration_name` text NOT NULL,
	`source` text NOT NULL,
	`operation` text DEFAULT 'add' NOT NULL,
	`type` text NOT NULL,
	`contact` text NOT NULL,
	`external_id` text,
	`products` text,
	`value` real,
	`event_date` integer NOT NULL,
	`event` text NOT NULL,
	`status` text NOT NULL,
	`reason` text,
	`reason_message` text,
	`sm_event_id` text,
	`attempt_count` integer DEFAULT 0 NOT NULL,
	`last_http_status` integer,
	`last_duration_ms` integer,
	`next_attempt_at` integer,
	`lease_owner` text,
	`lease_until` integer,
	`possible_duplicate` integer DEFAULT false NOT NULL,
	`resend_of` integer,
	`page_url` text,
	`origin` text,
	`user_agent` text,
	`created_by` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer NOT NULL,
	`completed_at` integer,
	FOREIGN KEY (`integration_id`) REFERENCES `integrations`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `deliveries_integration_idx` ON `deliveries` (`integration_id`,`id`);--> statement-breakpoint
CREATE INDEX `deliveries_status_idx` ON `deliveries` (`status`,`id`);--> statement-breakpoint
CREATE INDEX `deliveries_type_idx` ON `deliveries` (`type`,`id`);--> statement-breakpoint
CREATE INDEX `deliveries_created_idx` ON `deliveries` (`created_at`);--> statement-breakpoint
CREATE INDEX `deliveries_due_idx` ON `deliveries` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE INDEX `deliveries_source_idx` ON `deliveries` (`source`,`id`);--> statement-breakpoint
CREATE INDEX `deliveries_external_id_idx` ON `deliveries` (`integration_id`,`external_id`);--> statement-breakpoint
CREATE TABLE `integrations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`endpoint` text NOT NULL,
	`client_id` text NOT NULL,
	`owner` text NOT NULL,
	`api_key_enc` text NOT NULL,
	`api_key_hint` text NOT NULL,
	`api_secret_enc` text NOT NULL,
	`api_secret_hint` text NOT NULL,
	`is_sandbox` integer DEFAULT false NOT NULL,
	`verify_status` text,
	`verified_at` integer,
	`verify_result` text,
	`account_users` text,
	`snippet_options` text,
	`detail_labels` text,
	`collector_key` text NOT NULL,
	`collector_enabled` integer DEFAULT false NOT NULL,
	`collector_allowed_origins` text,
	`collector_allowed_types` text,
	`install_seen_at` integer,
	`install_seen_url` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `integrations_collector_key_unique` ON `integrations` (`collector_key`);--> statement-breakpoint
CREATE TABLE `sandbox_accounts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`client_id` text NOT NULL,
	`api_secret_enc` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `sandbox_accounts_client_id_unique` ON `sandbox_accounts` (`client_id`);--> statement-breakpoint
CREATE TABLE `sandbox_contacts` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` integer NOT NULL,
	`email` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `sandbox_accounts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `sandbox_contacts_email_idx` ON `sandbox_contacts` (`account_id`,`email`);--> statement-breakpoint
CREATE TABLE `sandbox_counters` (
	`key` text PRIMARY KEY NOT NULL,
	`count` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE `sandbox_events` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` integer NOT NULL,
	`contact_id` text NOT NULL,
	`type` text NOT NULL,
	`event` text NOT NULL,
	`path` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer,
	FOREIGN KEY (`account_id`) REFERENCES `sandbox_accounts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `sandbox_events_contact_idx` ON `sandbox_events` (`contact_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `sandbox_users` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`account_id` integer NOT NULL,
	`email` text NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `sandbox_accounts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `sandbox_users_email_idx` ON `sandbox_users` (`account_id`,`email`);--> statement-breakpoint
CREATE TABLE `sandbox_visits` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`client_id` text NOT NULL,
	`url` text NOT NULL,
	`user_agent` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `sandbox_visits_client_idx` ON `sandbox_visits` (`client_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `sessions` (
	`token_hash` text PRIMARY KEY NOT NULL,
	`user_id` integer NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`expires_at` integer NOT NULL,
	`last_seen_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `sessions_user_idx` ON `sessions` (`user_id`);--> statement-breakpoint
CREATE TABLE `templates` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`integration_id` integer NOT NULL,
	`name` text NOT NULL,
	`type` text NOT NULL,
	`event` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`integration_id`) REFERENCES `integrations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `templates_name_idx` ON `templates` (`integration_id`,`name`);--> statement-breakpoint
CREATE TABLE `users` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`email` text NOT NULL,
	`name` text DEFAULT '' NOT NULL,
	`role` text NOT NULL,
	`password_hash` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_email_unique` ON `users` (`email`);