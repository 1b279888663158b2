-- The caller a text to the business's own phones is about (a relay, a page, an alert), set when the text is written; null for any other text.
ALTER TABLE `messages` ADD `about_phone` text;--> statement-breakpoint
CREATE INDEX `messages_business_about_idx` ON `messages` (`business_id`,`about_phone`,`created_at`) WHERE about_phone IS NOT NULL;