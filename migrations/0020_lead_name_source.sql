ALTER TABLE `leads` ADD `name_source` text;--> statement-breakpoint
-- Leads opened before names were taken from contacts: an unnamed one takes its contact's name.
UPDATE `leads` SET `name` = (SELECT TRIM(`c`.`name`) FROM `contacts` `c` WHERE `c`.`business_id` = `leads`.`business_id` AND `c`.`phone` = `leads`.`phone`), `name_source` = 'contact'
  WHERE `name` IS NULL AND EXISTS (SELECT 1 FROM `contacts` `c` WHERE `c`.`business_id` = `leads`.`business_id` AND `c`.`phone` = `leads`.`phone` AND TRIM(`c`.`name`) <> '');
