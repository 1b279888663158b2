CREATE TABLE `voicemail_transcripts` (
	`id` text PRIMARY KEY NOT NULL,
	`business_id` text NOT NULL,
	`number_id` text NOT NULL,
	`carrier` text NOT NULL,
	`carrier_call_id` text NOT NULL,
	`to_phone` text NOT NULL,
	`from_phone` text NOT NULL,
	`source` text NOT NULL,
	`origin` text NOT NULL,
	`status` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`last_error` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `voicemail_transcripts_call_uq` ON `voicemail_transcripts` (`number_id`,`carrier_call_id`);--> statement-breakpoint
CREATE INDEX `voicemail_transcripts_caller_idx` ON `voicemail_transcripts` (`business_id`,`from_phone`);--> statement-breakpoint
CREATE INDEX `voicemail_transcripts_status_idx` ON `voicemail_transcripts` (`business_id`,`status`,`updated_at`);--> statement-breakpoint
CREATE INDEX `voicemail_transcripts_queued_idx` ON `voicemail_transcripts` (`updated_at`) WHERE status = 'queued';