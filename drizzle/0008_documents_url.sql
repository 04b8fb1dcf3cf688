ALTER TABLE `documents` ADD `url` text;--> statement-breakpoint
ALTER TABLE `documents` DROP COLUMN `file`;