ALTER TABLE `action_items` ADD `confirmed_at` text;--> statement-breakpoint
ALTER TABLE `action_items` ADD `confirmed_by` integer REFERENCES users(id);--> statement-breakpoint
ALTER TABLE `milestones` ADD `confirmed_at` text;--> statement-breakpoint
ALTER TABLE `milestones` ADD `confirmed_by` integer REFERENCES users(id);--> statement-breakpoint
ALTER TABLE `operations` ADD `confirmed_at` text;--> statement-breakpoint
ALTER TABLE `operations` ADD `confirmed_by` integer REFERENCES users(id);