ALTER TABLE `webhook_deliveries` ADD `next_attempt_at` integer;--> statement-breakpoint
CREATE INDEX `webhook_deliveries_due_idx` ON `webhook_deliveries` (`next_attempt_at`) WHERE status = 'retrying';--> statement-breakpoint
ALTER TABLE `event_hooks` ADD `disabled_at` integer;--> statement-breakpoint
ALTER TABLE `event_hooks` ADD `disabled_reason` text;--> statement-breakpoint
-- Deliveries retrying when this ships (in the queue, or stuck after a queue send that failed):
-- the cron takes them back in 10 minutes unless an attempt has set their next one by then.
UPDATE `webhook_deliveries` SET `next_attempt_at` = CAST(strftime('%s', 'now') AS INTEGER) * 1000 + 600000 WHERE `status` = 'retrying' AND `next_attempt_at` IS NULL;
