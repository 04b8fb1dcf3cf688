CREATE TABLE `opah_application_subsidies` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`application_id` integer NOT NULL,
	`funder` text NOT NULL,
	`reserved_cents` integer DEFAULT 0 NOT NULL,
	`paid_cents` integer DEFAULT 0 NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	FOREIGN KEY (`application_id`) REFERENCES `opah_applications`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `opah_subsidy_app_funder` ON `opah_application_subsidies` (`application_id`,`funder`);--> statement-breakpoint
CREATE TABLE `opah_applications` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`reference` text NOT NULL,
	`address` text NOT NULL,
	`lon` real,
	`lat` real,
	`dwellings` integer NOT NULL,
	`works_type` text NOT NULL,
	`rent_type` text NOT NULL,
	`step` integer DEFAULT 1 NOT NULL,
	`step1_on` text NOT NULL,
	`step2_on` text,
	`step3_on` text,
	`step4_on` text,
	`step5_on` text,
	`paid_on` text,
	`status` text DEFAULT 'en_cours' NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `opah_applications_reference_unique` ON `opah_applications` (`reference`);