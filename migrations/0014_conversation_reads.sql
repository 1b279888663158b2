CREATE TABLE `conversation_reads` (
	`business_id` text NOT NULL,
	`phone` text NOT NULL,
	`read_at` integer NOT NULL,
	PRIMARY KEY(`business_id`, `phone`)
);
