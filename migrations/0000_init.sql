CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`actor` text NOT NULL,
	`action` text NOT NULL,
	`entity` text NOT NULL,
	`entity_id` text NOT NULL,
	`detail` text,
	`at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `audit_entity_idx` ON `audit_log` (`entity`,`entity_id`);--> statement-breakpoint
CREATE TABLE `businesses` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`timezone` text NOT NULL,
	`forward_to` text,
	`notify_phone` text,
	`booking_url` text,
	`hours` text,
	`settings` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `calls` (
	`id` text PRIMARY KEY NOT NULL,
	`business_id` text NOT NULL,
	`number_id` text NOT NULL,
	`carrier_call_id` text NOT NULL,
	`from_phone` text NOT NULL,
	`to_phone` text NOT NULL,
	`outcome` text NOT NULL,
	`decision` text NOT NULL,
	`reason` text NOT NULL,
	`facts` text,
	`at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `calls_carrier_call_uq` ON `calls` (`carrier_call_id`);--> statement-breakpoint
CREATE INDEX `calls_business_at_idx` ON `calls` (`business_id`,`at`);--> statement-breakpoint
CREATE TABLE `consent_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`business_id` text NOT NULL,
	`phone` text NOT NULL,
	`kind` text NOT NULL,
	`source` text NOT NULL,
	`evidence_id` text,
	`evidence_text` text,
	`at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `consent_business_phone_idx` ON `consent_events` (`business_id`,`phone`,`at`);--> statement-breakpoint
CREATE TABLE `messages` (
	`id` text PRIMARY KEY NOT NULL,
	`business_id` text NOT NULL,
	`number_id` text NOT NULL,
	`call_id` text,
	`direction` text NOT NULL,
	`kind` text NOT NULL,
	`from_phone` text NOT NULL,
	`to_phone` text NOT NULL,
	`body` text NOT NULL,
	`encoding` text NOT NULL,
	`segments` integer NOT NULL,
	`status` text NOT NULL,
	`carrier_message_id` text,
	`error_code` text,
	`error_message` text,
	`attempts` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL,
	`sent_at` integer,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `messages_business_created_idx` ON `messages` (`business_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `messages_carrier_id_idx` ON `messages` (`carrier_message_id`);--> statement-breakpoint
CREATE INDEX `messages_call_idx` ON `messages` (`call_id`);--> statement-breakpoint
CREATE TABLE `numbers` (
	`id` text PRIMARY KEY NOT NULL,
	`business_id` text NOT NULL,
	`e164` text NOT NULL,
	`carrier` text NOT NULL,
	`mode` text NOT NULL,
	`credentials` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`business_id`) REFERENCES `businesses`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `numbers_e164_uq` ON `numbers` (`e164`);--> statement-breakpoint
CREATE INDEX `numbers_business_idx` ON `numbers` (`business_id`);--> statement-breakpoint
CREATE TABLE `templates` (
	`business_id` text NOT NULL,
	`kind` text NOT NULL,
	`body` text NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`business_id`, `kind`),
	FOREIGN KEY (`business_id`) REFERENCES `businesses`(`id`) ON UPDATE no action ON DELETE no action
);
