CREATE TABLE `line_types` (
	`business_id` text NOT NULL,
	`phone` text NOT NULL,
	`line_type` text NOT NULL,
	`checked_at` integer NOT NULL,
	PRIMARY KEY(`business_id`, `phone`)
);
