CREATE TABLE `funding_payments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`funding_line_id` integer NOT NULL,
	`paid_on` text NOT NULL,
	`amount_cents` integer NOT NULL,
	`created_by` integer,
	`created_at` text NOT NULL,
	FOREIGN KEY (`funding_line_id`) REFERENCES `funding_lines`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `payments_line_idx` ON `funding_payments` (`funding_line_id`);--> statement-breakpoint
ALTER TABLE `organisations` ADD `siret` text;