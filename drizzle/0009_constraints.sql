PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_action_items` (
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
	FOREIGN KEY (`citation_id`) REFERENCES `citations`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "action_status" CHECK(status is null or status in ('non_renseigne', 'programmee', 'engagee', 'premieres_realisations', 'en_cours', 'terminee', 'abandonnee')),
	CONSTRAINT "action_progress" CHECK(progress is null or (typeof(progress) = 'integer' and progress between 0 and 100)),
	CONSTRAINT "action_start" CHECK(start_date is null or (date(start_date) = start_date and start_date between '1990-01-01' and '2100-12-31')),
	CONSTRAINT "action_start_precision" CHECK(start_precision is null or start_precision in ('day', 'month', 'quarter', 'semester', 'year')),
	CONSTRAINT "action_end" CHECK(end_date is null or (date(end_date) = end_date and end_date between '1990-01-01' and '2100-12-31')),
	CONSTRAINT "action_end_precision" CHECK(end_precision is null or end_precision in ('day', 'month', 'quarter', 'semester', 'year')),
	CONSTRAINT "action_title" CHECK(title is null or length(title) <= 500),
	CONSTRAINT "action_description" CHECK(description is null or length(description) <= 5000),
	CONSTRAINT "action_version" CHECK(typeof(version) = 'integer' and version >= 1)
);
--> statement-breakpoint
INSERT INTO `__new_action_items`("id", "programme_id", "axis_id", "number", "code", "title", "description", "objectives", "lead_organisation_id", "status", "status_citation_id", "progress", "maturity", "start_date", "start_precision", "end_date", "end_precision", "citation_id", "inferred_fields", "note", "position", "version", "updated_at") SELECT "id", "programme_id", "axis_id", "number", "code", "title", "description", "objectives", "lead_organisation_id", "status", "status_citation_id", "progress", "maturity", "start_date", "start_precision", "end_date", "end_precision", "citation_id", "inferred_fields", "note", "position", "version", "updated_at" FROM `action_items`;--> statement-breakpoint
DROP TABLE `action_items`;--> statement-breakpoint
ALTER TABLE `__new_action_items` RENAME TO `action_items`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE UNIQUE INDEX `actions_programme_code` ON `action_items` (`programme_id`,`code`);--> statement-breakpoint
CREATE INDEX `actions_axis_idx` ON `action_items` (`axis_id`);--> statement-breakpoint
CREATE INDEX `actions_lead_idx` ON `action_items` (`lead_organisation_id`);--> statement-breakpoint
CREATE TABLE `__new_milestones` (
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
	FOREIGN KEY (`citation_id`) REFERENCES `citations`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "milestone_status" CHECK(status is null or status in ('planned', 'in_progress', 'done', 'cancelled')),
	CONSTRAINT "milestone_planned" CHECK(planned_date is null or (date(planned_date) = planned_date and planned_date between '1990-01-01' and '2100-12-31')),
	CONSTRAINT "milestone_planned_precision" CHECK(planned_precision is null or planned_precision in ('day', 'month', 'quarter', 'semester', 'year')),
	CONSTRAINT "milestone_baseline" CHECK(baseline_date is null or (date(baseline_date) = baseline_date and baseline_date between '1990-01-01' and '2100-12-31')),
	CONSTRAINT "milestone_baseline_precision" CHECK(baseline_precision is null or baseline_precision in ('day', 'month', 'quarter', 'semester', 'year')),
	CONSTRAINT "milestone_actual" CHECK(actual_date is null or (date(actual_date) = actual_date and actual_date between '1990-01-01' and '2100-12-31')),
	CONSTRAINT "milestone_actual_precision" CHECK(actual_precision is null or actual_precision in ('day', 'month', 'quarter', 'semester', 'year')),
	CONSTRAINT "milestone_title" CHECK(title is null or length(title) <= 500),
	CONSTRAINT "milestone_slip_reason" CHECK(slip_reason is null or length(slip_reason) <= 500),
	CONSTRAINT "milestone_version" CHECK(typeof(version) = 'integer' and version >= 1)
);
--> statement-breakpoint
INSERT INTO `__new_milestones`("id", "action_id", "operation_id", "code", "title", "planned_date", "planned_precision", "baseline_date", "baseline_precision", "actual_date", "actual_precision", "status", "slip_reason", "citation_id", "position", "version", "updated_at") SELECT "id", "action_id", "operation_id", "code", "title", "planned_date", "planned_precision", "baseline_date", "baseline_precision", "actual_date", "actual_precision", "status", "slip_reason", "citation_id", "position", "version", "updated_at" FROM `milestones`;--> statement-breakpoint
DROP TABLE `milestones`;--> statement-breakpoint
ALTER TABLE `__new_milestones` RENAME TO `milestones`;--> statement-breakpoint
CREATE INDEX `milestones_action_idx` ON `milestones` (`action_id`);--> statement-breakpoint
CREATE INDEX `milestones_operation_idx` ON `milestones` (`operation_id`);--> statement-breakpoint
CREATE TABLE `__new_operations` (
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
	FOREIGN KEY (`total_cost_citation_id`) REFERENCES `citations`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "operation_status" CHECK(status is null or status in ('non_renseigne', 'programmee', 'engagee', 'premieres_realisations', 'en_cours', 'terminee', 'abandonnee')),
	CONSTRAINT "operation_progress" CHECK(progress is null or (typeof(progress) = 'integer' and progress between 0 and 100)),
	CONSTRAINT "operation_start" CHECK(start_date is null or (date(start_date) = start_date and start_date between '1990-01-01' and '2100-12-31')),
	CONSTRAINT "operation_start_precision" CHECK(start_precision is null or start_precision in ('day', 'month', 'quarter', 'semester', 'year')),
	CONSTRAINT "operation_end" CHECK(end_date is null or (date(end_date) = end_date and end_date between '1990-01-01' and '2100-12-31')),
	CONSTRAINT "operation_end_precision" CHECK(end_precision is null or end_precision in ('day', 'month', 'quarter', 'semester', 'year')),
	CONSTRAINT "operation_cost" CHECK(total_cost_cents is null or (typeof(total_cost_cents) = 'integer' and total_cost_cents between 0 and 10000000000000)),
	CONSTRAINT "operation_cost_tax" CHECK(total_cost_tax is null or total_cost_tax in ('HT', 'TTC')),
	CONSTRAINT "operation_version" CHECK(typeof(version) = 'integer' and version >= 1)
);
--> statement-breakpoint
INSERT INTO `__new_operations`("id", "slug", "programme_id", "action_id", "parent_id", "name", "description", "lead_organisation_id", "status", "status_citation_id", "progress", "start_date", "start_precision", "end_date", "end_precision", "period_note", "total_cost_cents", "total_cost_tax", "total_cost_citation_id", "position", "version", "updated_at") SELECT "id", "slug", "programme_id", "action_id", "parent_id", "name", "description", "lead_organisation_id", "status", "status_citation_id", "progress", "start_date", "start_precision", "end_date", "end_precision", "period_note", "total_cost_cents", "total_cost_tax", "total_cost_citation_id", "position", "version", "updated_at" FROM `operations`;--> statement-breakpoint
DROP TABLE `operations`;--> statement-breakpoint
ALTER TABLE `__new_operations` RENAME TO `operations`;--> statement-breakpoint
CREATE UNIQUE INDEX `operations_slug_unique` ON `operations` (`slug`);--> statement-breakpoint
CREATE INDEX `operations_programme_idx` ON `operations` (`programme_id`);--> statement-breakpoint
CREATE INDEX `operations_parent_idx` ON `operations` (`parent_id`);--> statement-breakpoint
CREATE TABLE `__new_envelopes` (
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
	FOREIGN KEY (`citation_id`) REFERENCES `citations`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "envelope_amount" CHECK(amount_cents is null or (typeof(amount_cents) = 'integer' and amount_cents between 0 and 10000000000000))
);
--> statement-breakpoint
INSERT INTO `__new_envelopes`("id", "programme_id", "organisation_id", "parent_id", "label", "kind", "scope", "amount_cents", "period", "citation_id", "position") SELECT "id", "programme_id", "organisation_id", "parent_id", "label", "kind", "scope", "amount_cents", "period", "citation_id", "position" FROM `envelopes`;--> statement-breakpoint
DROP TABLE `envelopes`;--> statement-breakpoint
ALTER TABLE `__new_envelopes` RENAME TO `envelopes`;--> statement-breakpoint
CREATE TABLE `__new_funding_lines` (
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
	FOREIGN KEY (`citation_id`) REFERENCES `citations`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "funding_amount" CHECK(amount_cents is null or (typeof(amount_cents) = 'integer' and amount_cents between 0 and 10000000000000)),
	CONSTRAINT "funding_paid" CHECK(paid_cents is null or (typeof(paid_cents) = 'integer' and paid_cents between 0 and 10000000000000)),
	CONSTRAINT "funding_paid_le_amount" CHECK(paid_cents <= amount_cents),
	CONSTRAINT "funding_status" CHECK(status is null or status in ('planned', 'requested', 'committed', 'paid')),
	CONSTRAINT "funding_kind" CHECK(kind is null or kind in ('subsidy', 'loan', 'own_funds', 'other', 'equity', 'mixed')),
	CONSTRAINT "funding_tax" CHECK(tax is null or tax in ('HT', 'TTC')),
	CONSTRAINT "funding_planned_on" CHECK(planned_on is null or (date(planned_on) = planned_on and planned_on between '1990-01-01' and '2100-12-31')),
	CONSTRAINT "funding_requested_on" CHECK(requested_on is null or (date(requested_on) = requested_on and requested_on between '1990-01-01' and '2100-12-31')),
	CONSTRAINT "funding_committed_on" CHECK(committed_on is null or (date(committed_on) = committed_on and committed_on between '1990-01-01' and '2100-12-31')),
	CONSTRAINT "funding_paid_on" CHECK(paid_on is null or (date(paid_on) = paid_on and paid_on between '1990-01-01' and '2100-12-31')),
	CONSTRAINT "funding_label" CHECK(label is null or length(label) <= 300),
	CONSTRAINT "funding_version" CHECK(typeof(version) = 'integer' and version >= 1)
);
--> statement-breakpoint
INSERT INTO `__new_funding_lines`("id", "action_id", "operation_id", "organisation_id", "label", "kind", "amount_cents", "tax", "status", "planned_on", "requested_on", "committed_on", "paid_on", "paid_cents", "citation_id", "inferred_fields", "position", "version", "updated_at") SELECT "id", "action_id", "operation_id", "organisation_id", "label", "kind", "amount_cents", "tax", "status", "planned_on", "requested_on", "committed_on", "paid_on", "paid_cents", "citation_id", "inferred_fields", "position", "version", "updated_at" FROM `funding_lines`;--> statement-breakpoint
DROP TABLE `funding_lines`;--> statement-breakpoint
ALTER TABLE `__new_funding_lines` RENAME TO `funding_lines`;--> statement-breakpoint
CREATE INDEX `funding_action_idx` ON `funding_lines` (`action_id`);--> statement-breakpoint
CREATE INDEX `funding_operation_idx` ON `funding_lines` (`operation_id`);--> statement-breakpoint
CREATE INDEX `funding_org_idx` ON `funding_lines` (`organisation_id`);--> statement-breakpoint
CREATE TABLE `__new_funding_payments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`funding_line_id` integer NOT NULL,
	`paid_on` text NOT NULL,
	`amount_cents` integer NOT NULL,
	`created_by` integer,
	`created_at` text NOT NULL,
	FOREIGN KEY (`funding_line_id`) REFERENCES `funding_lines`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "payment_amount" CHECK(amount_cents is null or (typeof(amount_cents) = 'integer' and amount_cents between 0 and 10000000000000) and amount_cents > 0),
	CONSTRAINT "payment_paid_on" CHECK(paid_on is null or (date(paid_on) = paid_on and paid_on between '1990-01-01' and '2100-12-31'))
);
--> statement-breakpoint
INSERT INTO `__new_funding_payments`("id", "funding_line_id", "paid_on", "amount_cents", "created_by", "created_at") SELECT "id", "funding_line_id", "paid_on", "amount_cents", "created_by", "created_at" FROM `funding_payments`;--> statement-breakpoint
DROP TABLE `funding_payments`;--> statement-breakpoint
ALTER TABLE `__new_funding_payments` RENAME TO `funding_payments`;--> statement-breakpoint
CREATE INDEX `payments_line_idx` ON `funding_payments` (`funding_line_id`);--> statement-breakpoint
CREATE TABLE `__new_indicator_values` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`indicator_id` integer NOT NULL,
	`value` real NOT NULL,
	`of_total` real,
	`measured_on` text,
	`measured_precision` text,
	`citation_id` integer,
	`version` integer DEFAULT 1 NOT NULL,
	FOREIGN KEY (`indicator_id`) REFERENCES `indicators`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`citation_id`) REFERENCES `citations`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "indicator_value" CHECK(value is null or (typeof(value) in ('integer', 'real') and value between -1000000000000 and 1000000000000)),
	CONSTRAINT "indicator_measured_on" CHECK(measured_on is null or (date(measured_on) = measured_on and measured_on between '1990-01-01' and '2100-12-31')),
	CONSTRAINT "indicator_precision" CHECK(measured_precision is null or measured_precision in ('day', 'month', 'quarter', 'semester', 'year')),
	CONSTRAINT "indicator_value_version" CHECK(typeof(version) = 'integer' and version >= 1)
);
--> statement-breakpoint
INSERT INTO `__new_indicator_values`("id", "indicator_id", "value", "of_total", "measured_on", "measured_precision", "citation_id", "version") SELECT "id", "indicator_id", "value", "of_total", "measured_on", "measured_precision", "citation_id", "version" FROM `indicator_values`;--> statement-breakpoint
DROP TABLE `indicator_values`;--> statement-breakpoint
ALTER TABLE `__new_indicator_values` RENAME TO `indicator_values`;--> statement-breakpoint
CREATE INDEX `indicator_values_indicator_idx` ON `indicator_values` (`indicator_id`);--> statement-breakpoint
CREATE TABLE `__new_places` (
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
	FOREIGN KEY (`citation_id`) REFERENCES `citations`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "place_lon" CHECK(min_lon_e6 between -180000000 and 180000000 and max_lon_e6 between -180000000 and 180000000 and min_lon_e6 <= max_lon_e6),
	CONSTRAINT "place_lat" CHECK(min_lat_e6 between -90000000 and 90000000 and max_lat_e6 between -90000000 and 90000000 and min_lat_e6 <= max_lat_e6),
	CONSTRAINT "place_version" CHECK(typeof(version) = 'integer' and version >= 1)
);
--> statement-breakpoint
INSERT INTO `__new_places`("id", "slug", "name", "kind", "geometry", "min_lon_e6", "min_lat_e6", "max_lon_e6", "max_lat_e6", "inferred", "confidence", "note", "attribution", "citation_id", "version", "updated_at") SELECT "id", "slug", "name", "kind", "geometry", "min_lon_e6", "min_lat_e6", "max_lon_e6", "max_lat_e6", "inferred", "confidence", "note", "attribution", "citation_id", "version", "updated_at" FROM `places`;--> statement-breakpoint
DROP TABLE `places`;--> statement-breakpoint
ALTER TABLE `__new_places` RENAME TO `places`;--> statement-breakpoint
CREATE UNIQUE INDEX `places_slug_unique` ON `places` (`slug`);--> statement-breakpoint
CREATE INDEX `places_kind_idx` ON `places` (`kind`);--> statement-breakpoint
CREATE TABLE `__new_opah_application_subsidies` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`application_id` integer NOT NULL,
	`funder` text NOT NULL,
	`reserved_cents` integer DEFAULT 0 NOT NULL,
	`paid_cents` integer DEFAULT 0 NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	FOREIGN KEY (`application_id`) REFERENCES `opah_applications`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "opah_subsidy_reserved" CHECK(reserved_cents is null or (typeof(reserved_cents) = 'integer' and reserved_cents between 0 and 10000000000000)),
	CONSTRAINT "opah_subsidy_paid" CHECK(paid_cents is null or (typeof(paid_cents) = 'integer' and paid_cents between 0 and 10000000000000)),
	CONSTRAINT "opah_subsidy_paid_le_reserved" CHECK(paid_cents <= reserved_cents),
	CONSTRAINT "opah_subsidy_version" CHECK(typeof(version) = 'integer' and version >= 1)
);
--> statement-breakpoint
INSERT INTO `__new_opah_application_subsidies`("id", "application_id", "funder", "reserved_cents", "paid_cents", "version") SELECT "id", "application_id", "funder", "reserved_cents", "paid_cents", "version" FROM `opah_application_subsidies`;--> statement-breakpoint
DROP TABLE `opah_application_subsidies`;--> statement-breakpoint
ALTER TABLE `__new_opah_application_subsidies` RENAME TO `opah_application_subsidies`;--> statement-breakpoint
CREATE UNIQUE INDEX `opah_subsidy_app_funder` ON `opah_application_subsidies` (`application_id`,`funder`);--> statement-breakpoint
CREATE TABLE `__new_opah_applications` (
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
	`updated_at` text NOT NULL,
	CONSTRAINT "opah_dwellings" CHECK(typeof(dwellings) = 'integer' and dwellings between 1 and 50),
	CONSTRAINT "opah_step" CHECK(typeof(step) = 'integer' and step between 1 and 5),
	CONSTRAINT "opah_works" CHECK(works_type is null or works_type in ('lourds', 'securite', 'degrade', 'energie')),
	CONSTRAINT "opah_rent" CHECK(rent_type is null or rent_type in ('LI', 'LCS')),
	CONSTRAINT "opah_status" CHECK(status is null or status in ('en_cours', 'solde', 'abandonne')),
	CONSTRAINT "opah_lon" CHECK(lon is null or (typeof(lon) in ('integer', 'real') and lon between -180 and 180)),
	CONSTRAINT "opah_lat" CHECK(lat is null or (typeof(lat) in ('integer', 'real') and lat between -90 and 90)),
	CONSTRAINT "opah_step1" CHECK(step1_on is null or (date(step1_on) = step1_on and step1_on between '1990-01-01' and '2100-12-31')),
	CONSTRAINT "opah_step2" CHECK(step2_on is null or (date(step2_on) = step2_on and step2_on between '1990-01-01' and '2100-12-31')),
	CONSTRAINT "opah_step3" CHECK(step3_on is null or (date(step3_on) = step3_on and step3_on between '1990-01-01' and '2100-12-31')),
	CONSTRAINT "opah_step4" CHECK(step4_on is null or (date(step4_on) = step4_on and step4_on between '1990-01-01' and '2100-12-31')),
	CONSTRAINT "opah_step5" CHECK(step5_on is null or (date(step5_on) = step5_on and step5_on between '1990-01-01' and '2100-12-31')),
	CONSTRAINT "opah_paid_on" CHECK(paid_on is null or (date(paid_on) = paid_on and paid_on between '1990-01-01' and '2100-12-31')),
	CONSTRAINT "opah_address" CHECK(address is null or length(address) <= 300),
	CONSTRAINT "opah_version" CHECK(typeof(version) = 'integer' and version >= 1)
);
--> statement-breakpoint
INSERT INTO `__new_opah_applications`("id", "reference", "address", "lon", "lat", "dwellings", "works_type", "rent_type", "step", "step1_on", "step2_on", "step3_on", "step4_on", "step5_on", "paid_on", "status", "version", "updated_at") SELECT "id", "reference", "address", "lon", "lat", "dwellings", "works_type", "rent_type", "step", "step1_on", "step2_on", "step3_on", "step4_on", "step5_on", "paid_on", "status", "version", "updated_at" FROM `opah_applications`;--> statement-breakpoint
DROP TABLE `opah_applications`;--> statement-breakpoint
ALTER TABLE `__new_opah_applications` RENAME TO `opah_applications`;--> statement-breakpoint
CREATE UNIQUE INDEX `opah_applications_reference_unique` ON `opah_applications` (`reference`);--> statement-breakpoint
CREATE TABLE `__new_decisions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`programme_id` integer,
	`decided_on` text NOT NULL,
	`body` text NOT NULL,
	`text` text NOT NULL,
	`created_by` integer,
	`version` integer DEFAULT 1 NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`programme_id`) REFERENCES `programmes`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "decision_on" CHECK(decided_on is null or (date(decided_on) = decided_on and decided_on between '1990-01-01' and '2100-12-31')),
	CONSTRAINT "decision_body" CHECK(body is null or length(body) <= 120),
	CONSTRAINT "decision_text" CHECK(text is null or length(text) <= 4000)
);
--> statement-breakpoint
INSERT INTO `__new_decisions`("id", "programme_id", "decided_on", "body", "text", "created_by", "version", "updated_at") SELECT "id", "programme_id", "decided_on", "body", "text", "created_by", "version", "updated_at" FROM `decisions`;--> statement-breakpoint
DROP TABLE `decisions`;--> statement-breakpoint
ALTER TABLE `__new_decisions` RENAME TO `decisions`;--> statement-breakpoint
CREATE INDEX `decisions_date_idx` ON `decisions` (`decided_on`);--> statement-breakpoint
CREATE TABLE `__new_notes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`entity_type` text NOT NULL,
	`entity_id` integer NOT NULL,
	`text` text NOT NULL,
	`author_id` integer,
	`created_at` text NOT NULL,
	FOREIGN KEY (`author_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "note_text" CHECK(text is null or length(text) <= 4000)
);
--> statement-breakpoint
INSERT INTO `__new_notes`("id", "entity_type", "entity_id", "text", "author_id", "created_at") SELECT "id", "entity_type", "entity_id", "text", "author_id", "created_at" FROM `notes`;--> statement-breakpoint
DROP TABLE `notes`;--> statement-breakpoint
ALTER TABLE `__new_notes` RENAME TO `notes`;--> statement-breakpoint
CREATE INDEX `notes_entity_idx` ON `notes` (`entity_type`,`entity_id`);--> statement-breakpoint
CREATE TABLE `__new_users` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`email` text NOT NULL,
	`name` text NOT NULL,
	`role` text NOT NULL,
	`organisation_id` integer,
	`password_hash` text NOT NULL,
	`must_change_password` integer DEFAULT false NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`created_at` text NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "user_role" CHECK(role is null or role in ('admin', 'chef_de_projet', 'elu', 'partenaire', 'charge_relogement'))
);
--> statement-breakpoint
INSERT INTO `__new_users`("id", "email", "name", "role", "organisation_id", "password_hash", "must_change_password", "active", "created_at", "version") SELECT "id", "email", "name", "role", "organisation_id", "password_hash", "must_change_password", "active", "created_at", "version" FROM `users`;--> statement-breakpoint
DROP TABLE `users`;--> statement-breakpoint
ALTER TABLE `__new_users` RENAME TO `users`;--> statement-breakpoint
CREATE UNIQUE INDEX `users_email_unique` ON `users` (`email`);--> statement-breakpoint
CREATE TABLE `__new_relocation_cases` (
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
	FOREIGN KEY (`landlord_organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "relocation_household" CHECK(typeof(household_size) = 'integer' and household_size between 1 and 50),
	CONSTRAINT "relocation_proposals" CHECK(proposals_made between 0 and 50 and proposals_refused between 0 and proposals_made),
	CONSTRAINT "relocation_solution" CHECK(solution_type is null or solution_type in ('temporaire_retour', 'definitif_sur_site', 'definitif_ailleurs', 'tiroir')),
	CONSTRAINT "relocation_diagnosis" CHECK(diagnosis_on is null or (date(diagnosis_on) = diagnosis_on and diagnosis_on between '1990-01-01' and '2100-12-31')),
	CONSTRAINT "relocation_accepted" CHECK(proposal_accepted_on is null or (date(proposal_accepted_on) = proposal_accepted_on and proposal_accepted_on between '1990-01-01' and '2100-12-31')),
	CONSTRAINT "relocation_moved" CHECK(moved_on is null or (date(moved_on) = moved_on and moved_on between '1990-01-01' and '2100-12-31')),
	CONSTRAINT "relocation_returned" CHECK(returned_on is null or (date(returned_on) = returned_on and returned_on between '1990-01-01' and '2100-12-31')),
	CONSTRAINT "relocation_closed" CHECK(closed_on is null or (date(closed_on) = closed_on and closed_on between '1990-01-01' and '2100-12-31')),
	CONSTRAINT "relocation_code" CHECK(code is null or length(code) <= 12),
	CONSTRAINT "relocation_version" CHECK(typeof(version) = 'integer' and version >= 1)
);
--> statement-breakpoint
INSERT INTO `__new_relocation_cases`("id", "operation_id", "code", "household_size", "building_id", "staircase", "diagnosis_on", "solution_type", "landlord_organisation_id", "proposals_made", "proposals_refused", "proposal_accepted_on", "moved_on", "returned_on", "closed_on", "version", "updated_at") SELECT "id", "operation_id", "code", "household_size", "building_id", "staircase", "diagnosis_on", "solution_type", "landlord_organisation_id", "proposals_made", "proposals_refused", "proposal_accepted_on", "moved_on", "returned_on", "closed_on", "version", "updated_at" FROM `relocation_cases`;--> statement-breakpoint
DROP TABLE `relocation_cases`;--> statement-breakpoint
ALTER TABLE `__new_relocation_cases` RENAME TO `relocation_cases`;--> statement-breakpoint
CREATE INDEX `relocation_operation_idx` ON `relocation_cases` (`operation_id`);