ALTER TABLE `leads` ADD `lost_note` text;--> statement-breakpoint
CREATE INDEX `leads_business_created_idx` ON `leads` (`business_id`,`created_at`);