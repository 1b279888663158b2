CREATE TABLE `lead_events` (
	`id` text PRIMARY KEY NOT NULL,
	`lead_id` text NOT NULL,
	`business_id` text NOT NULL,
	`type` text NOT NULL,
	`detail` text,
	`actor` text NOT NULL,
	`at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `lead_events_lead_idx` ON `lead_events` (`lead_id`,`at`);--> statement-breakpoint
CREATE TABLE `leads` (
	`id` text PRIMARY KEY NOT NULL,
	`business_id` text NOT NULL,
	`phone` text NOT NULL,
	`name` text,
	`status` text NOT NULL,
	`urgent` integer DEFAULT false NOT NULL,
	`source` text NOT NULL,
	`fields` text DEFAULT '{}' NOT NULL,
	`estimated_cents` integer,
	`won_cents` integer,
	`lost_reason` text,
	`handed_over` integer DEFAULT false NOT NULL,
	`calls` integer DEFAULT 0 NOT NULL,
	`clicks` integer DEFAULT 0 NOT NULL,
	`first_call_at` integer,
	`first_text_at` integer,
	`first_reply_at` integer,
	`first_human_reply_at` integer,
	`qualified_at` integer,
	`booked_at` integer,
	`starts_at` integer,
	`closed_at` integer,
	`acknowledged_at` integer,
	`acknowledged_by` text,
	`created_at` integer NOT NULL,
	`last_activity_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `leads_open_uq` ON `leads` (`business_id`,`phone`) WHERE closed_at IS NULL;--> statement-breakpoint
CREATE INDEX `leads_business_phone_idx` ON `leads` (`business_id`,`phone`,`closed_at`);--> statement-breakpoint
CREATE INDEX `leads_business_activity_idx` ON `leads` (`business_id`,`last_activity_at`,`id`);