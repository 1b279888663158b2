ALTER TABLE `businesses` ADD `priority_phone` text;--> statement-breakpoint
-- settings.blocklist becomes contacts tagged blocked (DESIGN.md §6.4): a number already a contact keeps
-- its name and tags and gains `blocked`; then the setting is gone from every business.
INSERT INTO `contacts` (`business_id`, `phone`, `name`, `tags`, `notes`, `created_at`, `updated_at`)
	SELECT DISTINCT b.`id`, j.value, NULL, '["blocked"]', NULL, CAST(unixepoch('subsec') * 1000 AS INTEGER), CAST(unixepoch('subsec') * 1000 AS INTEGER)
	FROM `businesses` b, json_each(b.`settings`, '$.blocklist') j
	WHERE json_type(b.`settings`, '$.blocklist') = 'array' AND j.type = 'text'
	ON CONFLICT (`business_id`, `phone`) DO UPDATE SET
		`tags` = (SELECT json_group_array(value) FROM (SELECT value FROM json_each(`contacts`.`tags`) UNION SELECT 'blocked' ORDER BY value)),
		`updated_at` = excluded.`updated_at`;
--> statement-breakpoint
UPDATE `businesses` SET `settings` = json_remove(`settings`, '$.blocklist') WHERE json_type(`settings`, '$.blocklist') IS NOT NULL;
--> statement-breakpoint
-- The reason is now `blocked`, whichever list said so.
UPDATE `calls` SET `decision` = 'skipped:blocked', `reason` = 'blocked' WHERE `decision` = 'skipped:blocklisted';
--> statement-breakpoint
-- Businesses that started with the default texts get the new customers' one too (rules/templates.ts).
INSERT INTO `templates` (`business_id`, `kind`, `body`, `updated_at`)
	SELECT DISTINCT `business_id`, 'existing_customer',
		'Hi {callerFirstName}, it''s {business}. Sorry we missed you! We''ll call back soon, or reply here.' || char(10) || 'Priority line: {priorityPhone}' || char(10) || 'Reply STOP to opt out.',
		CAST(unixepoch('subsec') * 1000 AS INTEGER)
	FROM `templates` WHERE `kind` = 'missed_call'
	ON CONFLICT DO NOTHING;
