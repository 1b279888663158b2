CREATE TABLE `booking_connections` (
	`business_id` text NOT NULL,
	`provider` text NOT NULL,
	`secret_set_at` integer,
	`last_verified_at` integer,
	`last_verified_result` text,
	`last_refused_at` integer,
	`last_refused_reason` text,
	PRIMARY KEY(`business_id`, `provider`)
);
--> statement-breakpoint
-- Keys set before this table: when, from the audit log's last change that set one, else the business's creation.
INSERT INTO `booking_connections` (`business_id`, `provider`, `secret_set_at`)
SELECT b.`id`, 'calcom', COALESCE((SELECT MAX(a.`at`) FROM `audit_log` a WHERE a.`entity` = 'business' AND a.`entity_id` = b.`id` AND json_extract(a.`detail`, '$.changes.bookingSecretCalcom.after') IS NOT NULL), b.`created_at`)
FROM `businesses` b WHERE b.`booking_secret_calcom` IS NOT NULL;
--> statement-breakpoint
INSERT INTO `booking_connections` (`business_id`, `provider`, `secret_set_at`)
SELECT b.`id`, 'calendly', COALESCE((SELECT MAX(a.`at`) FROM `audit_log` a WHERE a.`entity` = 'business' AND a.`entity_id` = b.`id` AND json_extract(a.`detail`, '$.changes.bookingSecretCalendly.after') IS NOT NULL), b.`created_at`)
FROM `businesses` b WHERE b.`booking_secret_calendly` IS NOT NULL;
--> statement-breakpoint
INSERT INTO `booking_connections` (`business_id`, `provider`, `secret_set_at`)
SELECT b.`id`, 'generic', COALESCE((SELECT MAX(a.`at`) FROM `audit_log` a WHERE a.`entity` = 'business' AND a.`entity_id` = b.`id` AND json_extract(a.`detail`, '$.changes.bookingSecretGeneric.after') IS NOT NULL), b.`created_at`)
FROM `businesses` b WHERE b.`booking_secret_generic` IS NOT NULL;
