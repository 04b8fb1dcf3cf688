DROP INDEX `milestones_planned_idx`;--> statement-breakpoint
CREATE INDEX `milestones_planned_idx` ON `milestones` (`planned_date`,`position`);