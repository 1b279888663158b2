CREATE TABLE `crm_inbound_keys` (
	`business_id` text NOT NULL,
	`key` text NOT NULL,
	`at` integer NOT NULL,
	PRIMARY KEY(`business_id`, `key`)
);
--> statement-breakpoint
CREATE TABLE `crm_links` (
	`business_id` text NOT NULL,
	`lead_id` text NOT NULL,
	`contact_id` text,
	`deal_id` text,
	`note_id` text,
	`synced_activity_at` integer,
	`claimed_at` integer,
	PRIMARY KEY(`business_id`, `lead_id`)
);
--> statement-breakpoint
CREATE TABLE `event_hooks` (
	`id` text PRIMARY KEY NOT NULL,
	`business_id` text NOT NULL,
	`url` text NOT NULL,
	`events` text NOT NULL,
	`secret` text NOT NULL,
	`origin` text NOT NULL,
	`config` text,
	`last_error` text,
	`last_error_at` integer,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `event_hooks_business_idx` ON `event_hooks` (`business_id`);--> statement-breakpoint
ALTER TABLE `webhook_deliveries` ADD `event_id` text;--> statement-breakpoint
ALTER TABLE `webhook_deliveries` ADD `hook_id` text;--> statement-breakpoint
CREATE INDEX `webhook_deliveries_hook_idx` ON `webhook_deliveries` (`hook_id`,`created_at`);--> statement-breakpoint
-- The business's notifyWebhookUrl becomes its setting subscriber, for every event type, with the
-- same (encrypted) secret: src/notify/setting-hook.ts keeps it in step with the setting from now on.
INSERT INTO `event_hooks` (`id`, `business_id`, `url`, `events`, `secret`, `origin`, `created_at`)
	SELECT 'hook_setting_' || `id`, `id`, `notify_webhook_url`, '["*"]', `webhook_secret`, 'setting', CAST(unixepoch('subsec') * 1000 AS INTEGER)
	FROM `businesses` WHERE `notify_webhook_url` IS NOT NULL AND `webhook_secret` IS NOT NULL;--> statement-breakpoint
-- Deliveries not yet done go to that subscriber; their payload's id is the event's id.
UPDATE `webhook_deliveries` SET `event_id` = `id`, `hook_id` = 'hook_setting_' || `business_id` WHERE `hook_id` IS NULL;
