CREATE TABLE `contact_tags` (
	`business_id` text NOT NULL,
	`phone` text NOT NULL,
	`tag` text NOT NULL,
	PRIMARY KEY(`business_id`, `phone`, `tag`)
);
--> statement-breakpoint
CREATE INDEX `contact_tags_tag_idx` ON `contact_tags` (`business_id`,`tag`,`phone`);--> statement-breakpoint
CREATE TABLE `contacts` (
	`business_id` text NOT NULL,
	`phone` text NOT NULL,
	`name` text,
	`tags` text DEFAULT '[]' NOT NULL,
	`notes` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`business_id`, `phone`)
);
--> statement-breakpoint
-- contact_tags follows contacts.tags through these triggers, whoever writes a contact. (A trigger's
-- own OR IGNORE gives way to the conflict policy of the statement that fired it, so an update
-- rewrites the contact's tags whole instead of relying on it.)
CREATE TRIGGER `contacts_tags_insert` AFTER INSERT ON `contacts` BEGIN
	INSERT INTO `contact_tags` (`business_id`, `phone`, `tag`) SELECT DISTINCT NEW.`business_id`, NEW.`phone`, value FROM json_each(NEW.`tags`);
END;
--> statement-breakpoint
CREATE TRIGGER `contacts_tags_update` AFTER UPDATE OF `tags` ON `contacts` BEGIN
	DELETE FROM `contact_tags` WHERE `business_id` = OLD.`business_id` AND `phone` = OLD.`phone`;
	INSERT INTO `contact_tags` (`business_id`, `phone`, `tag`) SELECT DISTINCT NEW.`business_id`, NEW.`phone`, value FROM json_each(NEW.`tags`);
END;
--> statement-breakpoint
CREATE TRIGGER `contacts_tags_delete` AFTER DELETE ON `contacts` BEGIN
	DELETE FROM `contact_tags` WHERE `business_id` = OLD.`business_id` AND `phone` = OLD.`phone`;
END;
