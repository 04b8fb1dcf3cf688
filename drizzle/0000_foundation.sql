CREATE TABLE `citations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`document_id` integer NOT NULL,
	`quote` text NOT NULL,
	FOREIGN KEY (`document_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `documents` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`key` text NOT NULL,
	`file` text NOT NULL,
	`title` text NOT NULL,
	`published_on` text,
	`publisher` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `documents_key_unique` ON `documents` (`key`);--> statement-breakpoint
CREATE TABLE `achievements` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`axis_id` integer,
	`action_id` integer,
	`text` text NOT NULL,
	`citation_id` integer,
	`inferred_fields` text DEFAULT '[]' NOT NULL,
	`position` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`axis_id`) REFERENCES `axes`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`action_id`) REFERENCES `action_items`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`citation_id`) REFERENCES `citations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `action_items` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`programme_id` integer NOT NULL,
	`axis_id` integer,
	`number` integer,
	`code` text NOT NULL,
	`title` text NOT NULL,
	`description` text,
	`objectives` text DEFAULT '[]' NOT NULL,
	`lead_organisation_id` integer,
	`status` text DEFAULT 'non_renseigne' NOT NULL,
	`status_citation_id` integer,
	`progress` integer,
	`maturity` text,
	`start_date` text,
	`start_precision` text,
	`end_date` text,
	`end_precision` text,
	`citation_id` integer,
	`inferred_fields` text DEFAULT '[]' NOT NULL,
	`note` text,
	`position` integer DEFAULT 0 NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`programme_id`) REFERENCES `programmes`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`axis_id`) REFERENCES `axes`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`lead_organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`status_citation_id`) REFERENCES `citations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`citation_id`) REFERENCES `citations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `actions_programme_code` ON `action_items` (`programme_id`,`code`);--> statement-breakpoint
CREATE INDEX `actions_axis_idx` ON `action_items` (`axis_id`);--> statement-breakpoint
CREATE INDEX `actions_lead_idx` ON `action_items` (`lead_organisation_id`);--> statement-breakpoint
CREATE TABLE `action_partners` (
	`action_id` integer NOT NULL,
	`organisation_id` integer NOT NULL,
	`role` text DEFAULT 'partner' NOT NULL,
	PRIMARY KEY(`action_id`, `organisation_id`, `role`),
	FOREIGN KEY (`action_id`) REFERENCES `action_items`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `ap_org_idx` ON `action_partners` (`organisation_id`);--> statement-breakpoint
CREATE TABLE `axes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`programme_id` integer NOT NULL,
	`code` text NOT NULL,
	`title` text NOT NULL,
	`short_title` text,
	`context` text,
	`position` integer NOT NULL,
	`citation_id` integer,
	FOREIGN KEY (`programme_id`) REFERENCES `programmes`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`citation_id`) REFERENCES `citations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `axes_programme_code` ON `axes` (`programme_id`,`code`);--> statement-breakpoint
CREATE TABLE `links` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`from_type` text NOT NULL,
	`from_id` integer NOT NULL,
	`to_type` text NOT NULL,
	`to_id` integer NOT NULL,
	`kind` text NOT NULL,
	`note` text,
	`citation_id` integer,
	FOREIGN KEY (`citation_id`) REFERENCES `citations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `links_from_idx` ON `links` (`from_type`,`from_id`);--> statement-breakpoint
CREATE INDEX `links_to_idx` ON `links` (`to_type`,`to_id`);--> statement-breakpoint
CREATE TABLE `organisations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`slug` text NOT NULL,
	`name` text NOT NULL,
	`short_name` text,
	`type` text NOT NULL,
	`description` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `organisations_slug_unique` ON `organisations` (`slug`);--> statement-breakpoint
CREATE TABLE `programme_organisations` (
	`programme_id` integer NOT NULL,
	`organisation_id` integer NOT NULL,
	`role` text NOT NULL,
	`note` text,
	`citation_id` integer,
	PRIMARY KEY(`programme_id`, `organisation_id`, `role`),
	FOREIGN KEY (`programme_id`) REFERENCES `programmes`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`citation_id`) REFERENCES `citations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `po_org_idx` ON `programme_organisations` (`organisation_id`);--> statement-breakpoint
CREATE TABLE `programmes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`slug` text NOT NULL,
	`territory_id` integer NOT NULL,
	`parent_id` integer,
	`name` text NOT NULL,
	`short_name` text,
	`kind` text NOT NULL,
	`start_date` text,
	`start_precision` text,
	`end_date` text,
	`end_precision` text,
	`signed_on` text,
	`description` text,
	`axis_label` text DEFAULT 'Axe' NOT NULL,
	`citation_id` integer,
	`position` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`territory_id`) REFERENCES `territories`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`citation_id`) REFERENCES `citations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `programmes_slug_unique` ON `programmes` (`slug`);--> statement-breakpoint
CREATE TABLE `territories` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`slug` text NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`siren` text,
	`insee_code` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `territories_slug_unique` ON `territories` (`slug`);--> statement-breakpoint
CREATE TABLE `buildings` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`operation_id` integer NOT NULL,
	`code` text NOT NULL,
	`name` text NOT NULL,
	FOREIGN KEY (`operation_id`) REFERENCES `operations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `milestones` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`action_id` integer,
	`operation_id` integer,
	`code` text,
	`title` text NOT NULL,
	`planned_date` text,
	`planned_precision` text,
	`baseline_date` text,
	`baseline_precision` text,
	`actual_date` text,
	`actual_precision` text,
	`status` text DEFAULT 'planned' NOT NULL,
	`slip_reason` text,
	`citation_id` integer,
	`position` integer DEFAULT 0 NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`action_id`) REFERENCES `action_items`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`operation_id`) REFERENCES `operations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`citation_id`) REFERENCES `citations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `milestones_action_idx` ON `milestones` (`action_id`);--> statement-breakpoint
CREATE INDEX `milestones_operation_idx` ON `milestones` (`operation_id`);--> statement-breakpoint
CREATE TABLE `operations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`slug` text NOT NULL,
	`programme_id` integer,
	`action_id` integer,
	`parent_id` integer,
	`name` text NOT NULL,
	`description` text,
	`lead_organisation_id` integer,
	`status` text DEFAULT 'non_renseigne' NOT NULL,
	`status_citation_id` integer,
	`progress` integer,
	`start_date` text,
	`start_precision` text,
	`end_date` text,
	`end_precision` text,
	`period_note` text,
	`total_cost_cents` integer,
	`total_cost_tax` text,
	`total_cost_citation_id` integer,
	`position` integer DEFAULT 0 NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`programme_id`) REFERENCES `programmes`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`action_id`) REFERENCES `action_items`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`lead_organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`status_citation_id`) REFERENCES `citations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`total_cost_citation_id`) REFERENCES `citations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `operations_slug_unique` ON `operations` (`slug`);--> statement-breakpoint
CREATE INDEX `operations_programme_idx` ON `operations` (`programme_id`);--> statement-breakpoint
CREATE INDEX `operations_parent_idx` ON `operations` (`parent_id`);--> statement-breakpoint
CREATE TABLE `work_items` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`operation_id` integer NOT NULL,
	`building_id` integer,
	`milestone_id` integer,
	`category` text NOT NULL,
	`label` text NOT NULL,
	`citation_id` integer,
	`inferred_fields` text DEFAULT '[]' NOT NULL,
	`position` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`operation_id`) REFERENCES `operations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`building_id`) REFERENCES `buildings`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`milestone_id`) REFERENCES `milestones`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`citation_id`) REFERENCES `citations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `work_items_operation_idx` ON `work_items` (`operation_id`);--> statement-breakpoint
CREATE TABLE `envelopes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`programme_id` integer NOT NULL,
	`organisation_id` integer,
	`parent_id` integer,
	`label` text NOT NULL,
	`kind` text NOT NULL,
	`scope` text NOT NULL,
	`amount_cents` integer NOT NULL,
	`period` text,
	`citation_id` integer,
	`position` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`programme_id`) REFERENCES `programmes`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`citation_id`) REFERENCES `citations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `funding_lines` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`action_id` integer,
	`operation_id` integer,
	`organisation_id` integer,
	`label` text NOT NULL,
	`kind` text NOT NULL,
	`amount_cents` integer NOT NULL,
	`tax` text NOT NULL,
	`status` text DEFAULT 'planned' NOT NULL,
	`planned_on` text,
	`requested_on` text,
	`committed_on` text,
	`paid_on` text,
	`paid_cents` integer DEFAULT 0 NOT NULL,
	`citation_id` integer,
	`inferred_fields` text DEFAULT '[]' NOT NULL,
	`position` integer DEFAULT 0 NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`action_id`) REFERENCES `action_items`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`operation_id`) REFERENCES `operations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`citation_id`) REFERENCES `citations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `funding_action_idx` ON `funding_lines` (`action_id`);--> statement-breakpoint
CREATE INDEX `funding_operation_idx` ON `funding_lines` (`operation_id`);--> statement-breakpoint
CREATE INDEX `funding_org_idx` ON `funding_lines` (`organisation_id`);--> statement-breakpoint
CREATE TABLE `indicator_values` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`indicator_id` integer NOT NULL,
	`value` real NOT NULL,
	`of_total` real,
	`measured_on` text,
	`measured_precision` text,
	`citation_id` integer,
	`version` integer DEFAULT 1 NOT NULL,
	FOREIGN KEY (`indicator_id`) REFERENCES `indicators`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`citation_id`) REFERENCES `citations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `indicator_values_indicator_idx` ON `indicator_values` (`indicator_id`);--> statement-breakpoint
CREATE TABLE `indicators` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`slug` text NOT NULL,
	`programme_id` integer,
	`action_id` integer,
	`operation_id` integer,
	`label` text NOT NULL,
	`unit` text NOT NULL,
	`target` real,
	`target_date` text,
	`target_precision` text,
	`target_citation_id` integer,
	`note` text,
	`position` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`programme_id`) REFERENCES `programmes`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`action_id`) REFERENCES `action_items`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`operation_id`) REFERENCES `operations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`target_citation_id`) REFERENCES `citations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `indicators_slug_unique` ON `indicators` (`slug`);--> statement-breakpoint
CREATE INDEX `indicators_action_idx` ON `indicators` (`action_id`);--> statement-breakpoint
CREATE INDEX `indicators_programme_idx` ON `indicators` (`programme_id`);--> statement-breakpoint
CREATE TABLE `reference_figures` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`topic` text NOT NULL,
	`label` text NOT NULL,
	`value` real NOT NULL,
	`unit` text NOT NULL,
	`context` text,
	`citation_id` integer,
	FOREIGN KEY (`citation_id`) REFERENCES `citations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `place_links` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`place_id` integer NOT NULL,
	`subject_type` text NOT NULL,
	`subject_id` integer NOT NULL,
	FOREIGN KEY (`place_id`) REFERENCES `places`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `place_links_place_idx` ON `place_links` (`place_id`);--> statement-breakpoint
CREATE INDEX `place_links_subject_idx` ON `place_links` (`subject_type`,`subject_id`);--> statement-breakpoint
CREATE TABLE `places` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`slug` text NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`geometry` text NOT NULL,
	`min_lon_e6` integer NOT NULL,
	`min_lat_e6` integer NOT NULL,
	`max_lon_e6` integer NOT NULL,
	`max_lat_e6` integer NOT NULL,
	`inferred` integer DEFAULT false NOT NULL,
	`confidence` text,
	`note` text,
	`attribution` text,
	`citation_id` integer,
	`version` integer DEFAULT 1 NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`citation_id`) REFERENCES `citations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `places_slug_unique` ON `places` (`slug`);--> statement-breakpoint
CREATE INDEX `places_kind_idx` ON `places` (`kind`);--> statement-breakpoint
CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` text NOT NULL,
	`user_id` integer,
	`actor` text NOT NULL,
	`entity_type` text NOT NULL,
	`entity_id` integer NOT NULL,
	`operation` text NOT NULL,
	`before` text,
	`after` text,
	`note` text
);
--> statement-breakpoint
CREATE INDEX `audit_entity_idx` ON `audit_log` (`entity_type`,`entity_id`);--> statement-breakpoint
CREATE INDEX `audit_at_idx` ON `audit_log` (`at`);--> statement-breakpoint
CREATE TABLE `opah_commitments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`rule_set_id` integer NOT NULL,
	`text` text NOT NULL,
	`position` integer NOT NULL,
	FOREIGN KEY (`rule_set_id`) REFERENCES `opah_rule_sets`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `opah_income_ceilings` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`rule_set_id` integer NOT NULL,
	`household` text NOT NULL,
	`li_cents` integer NOT NULL,
	`lcs_cents` integer NOT NULL,
	`lcts_cents` integer NOT NULL,
	FOREIGN KEY (`rule_set_id`) REFERENCES `opah_rule_sets`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `income_set_household` ON `opah_income_ceilings` (`rule_set_id`,`household`);--> statement-breakpoint
CREATE TABLE `opah_rent_ceilings` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`rule_set_id` integer NOT NULL,
	`surface_m2` integer NOT NULL,
	`li_monthly_cents` integer NOT NULL,
	`li_per_m2_cents` integer NOT NULL,
	`lcs_monthly_cents` integer NOT NULL,
	`lcs_per_m2_cents` integer NOT NULL,
	FOREIGN KEY (`rule_set_id`) REFERENCES `opah_rule_sets`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `rent_set_surface` ON `opah_rent_ceilings` (`rule_set_id`,`surface_m2`);--> statement-breakpoint
CREATE TABLE `opah_rule_sets` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`label` text NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`citation_id` integer,
	`loaded_at` text NOT NULL,
	FOREIGN KEY (`citation_id`) REFERENCES `citations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `opah_steps` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`rule_set_id` integer NOT NULL,
	`number` integer NOT NULL,
	`title` text NOT NULL,
	`description` text NOT NULL,
	FOREIGN KEY (`rule_set_id`) REFERENCES `opah_rule_sets`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `opah_subsidy_rules` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`rule_set_id` integer NOT NULL,
	`works_type` text NOT NULL,
	`label` text NOT NULL,
	`ceiling_cents_per_m2` integer NOT NULL,
	`max_surface_m2` real NOT NULL,
	`anah_rate` real NOT NULL,
	`ase_bonus_cents` integer,
	`grand_cahors_high_rate` real,
	`grand_cahors_low_rate` real,
	`region_eco_cheque_cents` integer,
	`departement_cents` integer,
	`conditions` text,
	`citation_id` integer,
	FOREIGN KEY (`rule_set_id`) REFERENCES `opah_rule_sets`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`citation_id`) REFERENCES `citations`(`id`) ON UPDATE no action ON DELETE no action
);
