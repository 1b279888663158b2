DROP INDEX `calls_carrier_call_uq`;--> statement-breakpoint
CREATE UNIQUE INDEX `calls_number_carrier_call_uq` ON `calls` (`number_id`,`carrier_call_id`);