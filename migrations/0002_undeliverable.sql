CREATE TABLE `undeliverable` (
	`business_id` text NOT NULL,
	`phone` text NOT NULL,
	`error_code` text NOT NULL,
	`message_id` text,
	`at` integer NOT NULL,
	PRIMARY KEY(`business_id`, `phone`)
);
