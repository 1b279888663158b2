CREATE TABLE `booking_deliveries` (
	`business_id` text NOT NULL,
	`provider` text NOT NULL,
	`key` text NOT NULL,
	`at` integer NOT NULL,
	PRIMARY KEY(`business_id`, `provider`, `key`)
);
--> statement-breakpoint
CREATE TABLE `bookings` (
	`id` text PRIMARY KEY NOT NULL,
	`business_id` text NOT NULL,
	`provider` text NOT NULL,
	`external_id` text NOT NULL,
	`lead_id` text,
	`lead_status_before` text,
	`status` text NOT NULL,
	`starts_at` integer,
	`phone` text,
	`name` text,
	`email` text,
	`code` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `bookings_external_uq` ON `bookings` (`business_id`,`provider`,`external_id`);--> statement-breakpoint
CREATE INDEX `bookings_business_created_idx` ON `bookings` (`business_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `bookings_lead_idx` ON `bookings` (`lead_id`);--> statement-breakpoint
ALTER TABLE `businesses` ADD `booking_secret_calcom` text;--> statement-breakpoint
ALTER TABLE `businesses` ADD `booking_secret_calendly` text;--> statement-breakpoint
ALTER TABLE `businesses` ADD `booking_secret_generic` text;--> statement-breakpoint
ALTER TABLE `messages` ADD `link_code` text;--> statement-breakpoint
CREATE UNIQUE INDEX `messages_link_code_uq` ON `messages` (`link_code`) WHERE link_code IS NOT NULL;--> statement-breakpoint
ALTER TABLE `leads` ADD `first_click_at` integer;--> statement-breakpoint
ALTER TABLE `leads` ADD `last_click_at` integer;