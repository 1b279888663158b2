CREATE TABLE `webhook_deliveries` (
	`id` text PRIMARY KEY NOT NULL,
	`business_id` text NOT NULL,
	`event` text NOT NULL,
	`payload` text NOT NULL,
	`status` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`last_error` text,
	`created_at` integer NOT NULL,
	`delivered_at` integer
);
--> statement-breakpoint
CREATE INDEX `webhook_deliveries_business_idx` ON `webhook_deliveries` (`business_id`,`created_at`);--> statement-breakpoint
ALTER TABLE `businesses` ADD `notify_webhook_url` text;--> statement-breakpoint
ALTER TABLE `businesses` ADD `webhook_secret` text;