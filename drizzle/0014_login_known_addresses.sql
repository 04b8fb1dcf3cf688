CREATE TABLE `login_known_addresses` (
	`key` text PRIMARY KEY NOT NULL,
	`seen_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `login_known_seen_idx` ON `login_known_addresses` (`seen_at`);