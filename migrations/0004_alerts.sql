CREATE TABLE `alerts_sent` (
	`business_id` text NOT NULL,
	`key` text NOT NULL,
	`detail` text,
	`at` integer NOT NULL,
	PRIMARY KEY(`business_id`, `key`)
);
