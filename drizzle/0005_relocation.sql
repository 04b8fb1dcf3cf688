CREATE TABLE `relocation_cases` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`operation_id` integer NOT NULL,
	`code` text NOT NULL,
	`household_size` integer NOT NULL,
	`building_id` integer,
	`staircase` text,
	`diagnosis_on` text,
	`solution_type` text,
	`landlord_organisation_id` integer,
	`proposals_made` integer DEFAULT 0 NOT NULL,
	`proposals_refused` integer DEFAULT 0 NOT NULL,
	`proposal_accepted_on` text,
	`moved_on` text,
	`returned_on` text,
	`closed_on` text,
	`version` integer DEFAULT 1 NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`operation_id`) REFERENCES `operations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`building_id`) REFERENCES `buildings`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`landlord_organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `relocation_operation_idx` ON `relocation_cases` (`operation_id`);