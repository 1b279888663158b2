DROP INDEX `messages_business_created_idx`;--> statement-breakpoint
CREATE INDEX `messages_business_created_idx` ON `messages` (`business_id`,`created_at`,`sent_at`);