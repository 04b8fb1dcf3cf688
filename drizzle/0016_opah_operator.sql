ALTER TABLE `opah_rule_sets` ADD `operator` text;--> statement-breakpoint
ALTER TABLE `opah_rule_sets` ADD `operator_citation_id` integer REFERENCES citations(id);