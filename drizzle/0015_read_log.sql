CREATE TABLE `read_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` text NOT NULL,
	`user_id` integer,
	`actor` text NOT NULL,
	`entity_type` text NOT NULL,
	`entity_id` integer NOT NULL,
	`detail` text
);
--> statement-breakpoint
CREATE INDEX `read_log_at_idx` ON `read_log` (`at`);