ALTER TABLE `messages` ADD `acted_by` text;--> statement-breakpoint
ALTER TABLE `lead_events` ADD `acted_by` text;