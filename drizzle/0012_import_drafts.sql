CREATE TABLE `import_drafts` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` integer NOT NULL,
	`list` text NOT NULL,
	`file_name` text NOT NULL,
	`rows` text NOT NULL,
	`preview` text NOT NULL,
	`unknown_headers` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `import_drafts_user_idx` ON `import_drafts` (`user_id`);--> statement-breakpoint
CREATE INDEX `import_drafts_created_idx` ON `import_drafts` (`created_at`);