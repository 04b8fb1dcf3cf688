CREATE TABLE `data_versions` (
	`scope` text PRIMARY KEY NOT NULL,
	`version` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE INDEX `milestones_planned_idx` ON `milestones` (`planned_date`);
--> statement-breakpoint
-- Versions per scope, kept by the database itself: every writer (forms, import, seed, scripts) bumps them
-- in its own transaction. A row that names no programme bumps `site`, which every aggregate depends on.
CREATE TRIGGER `actions_version_insert` AFTER INSERT ON `action_items` BEGIN
	INSERT INTO `data_versions` (`scope`, `version`) VALUES (coalesce('programme:' || NEW.`programme_id`, 'site'), 1), ('all', 1)
		ON CONFLICT (`scope`) DO UPDATE SET `version` = `version` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `actions_version_update` AFTER UPDATE ON `action_items` BEGIN
	INSERT INTO `data_versions` (`scope`, `version`) VALUES (coalesce('programme:' || NEW.`programme_id`, 'site'), 1), (coalesce('programme:' || OLD.`programme_id`, 'site'), 1), ('all', 1)
		ON CONFLICT (`scope`) DO UPDATE SET `version` = `version` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `actions_version_delete` AFTER DELETE ON `action_items` BEGIN
	INSERT INTO `data_versions` (`scope`, `version`) VALUES (coalesce('programme:' || OLD.`programme_id`, 'site'), 1), ('all', 1)
		ON CONFLICT (`scope`) DO UPDATE SET `version` = `version` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `operations_version_insert` AFTER INSERT ON `operations` BEGIN
	INSERT INTO `data_versions` (`scope`, `version`) VALUES (coalesce('programme:' || NEW.`programme_id`, 'site'), 1), ('all', 1)
		ON CONFLICT (`scope`) DO UPDATE SET `version` = `version` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `operations_version_update` AFTER UPDATE ON `operations` BEGIN
	INSERT INTO `data_versions` (`scope`, `version`) VALUES (coalesce('programme:' || NEW.`programme_id`, 'site'), 1), (coalesce('programme:' || OLD.`programme_id`, 'site'), 1), ('all', 1)
		ON CONFLICT (`scope`) DO UPDATE SET `version` = `version` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `operations_version_delete` AFTER DELETE ON `operations` BEGIN
	INSERT INTO `data_versions` (`scope`, `version`) VALUES (coalesce('programme:' || OLD.`programme_id`, 'site'), 1), ('all', 1)
		ON CONFLICT (`scope`) DO UPDATE SET `version` = `version` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `milestones_version_insert` AFTER INSERT ON `milestones` BEGIN
	INSERT INTO `data_versions` (`scope`, `version`) VALUES (coalesce('programme:' || coalesce((SELECT `programme_id` FROM `action_items` WHERE `id` = NEW.`action_id`), (SELECT `programme_id` FROM `operations` WHERE `id` = NEW.`operation_id`)), 'site'), 1), ('all', 1)
		ON CONFLICT (`scope`) DO UPDATE SET `version` = `version` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `milestones_version_update` AFTER UPDATE ON `milestones` BEGIN
	INSERT INTO `data_versions` (`scope`, `version`) VALUES (coalesce('programme:' || coalesce((SELECT `programme_id` FROM `action_items` WHERE `id` = NEW.`action_id`), (SELECT `programme_id` FROM `operations` WHERE `id` = NEW.`operation_id`)), 'site'), 1), (coalesce('programme:' || coalesce((SELECT `programme_id` FROM `action_items` WHERE `id` = OLD.`action_id`), (SELECT `programme_id` FROM `operations` WHERE `id` = OLD.`operation_id`)), 'site'), 1), ('all', 1)
		ON CONFLICT (`scope`) DO UPDATE SET `version` = `version` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `milestones_version_delete` AFTER DELETE ON `milestones` BEGIN
	INSERT INTO `data_versions` (`scope`, `version`) VALUES (coalesce('programme:' || coalesce((SELECT `programme_id` FROM `action_items` WHERE `id` = OLD.`action_id`), (SELECT `programme_id` FROM `operations` WHERE `id` = OLD.`operation_id`)), 'site'), 1), ('all', 1)
		ON CONFLICT (`scope`) DO UPDATE SET `version` = `version` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `funding_version_insert` AFTER INSERT ON `funding_lines` BEGIN
	INSERT INTO `data_versions` (`scope`, `version`) VALUES (coalesce('programme:' || coalesce((SELECT `programme_id` FROM `action_items` WHERE `id` = NEW.`action_id`), (SELECT `programme_id` FROM `operations` WHERE `id` = NEW.`operation_id`)), 'site'), 1), ('all', 1)
		ON CONFLICT (`scope`) DO UPDATE SET `version` = `version` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `funding_version_update` AFTER UPDATE ON `funding_lines` BEGIN
	INSERT INTO `data_versions` (`scope`, `version`) VALUES (coalesce('programme:' || coalesce((SELECT `programme_id` FROM `action_items` WHERE `id` = NEW.`action_id`), (SELECT `programme_id` FROM `operations` WHERE `id` = NEW.`operation_id`)), 'site'), 1), (coalesce('programme:' || coalesce((SELECT `programme_id` FROM `action_items` WHERE `id` = OLD.`action_id`), (SELECT `programme_id` FROM `operations` WHERE `id` = OLD.`operation_id`)), 'site'), 1), ('all', 1)
		ON CONFLICT (`scope`) DO UPDATE SET `version` = `version` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `funding_version_delete` AFTER DELETE ON `funding_lines` BEGIN
	INSERT INTO `data_versions` (`scope`, `version`) VALUES (coalesce('programme:' || coalesce((SELECT `programme_id` FROM `action_items` WHERE `id` = OLD.`action_id`), (SELECT `programme_id` FROM `operations` WHERE `id` = OLD.`operation_id`)), 'site'), 1), ('all', 1)
		ON CONFLICT (`scope`) DO UPDATE SET `version` = `version` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `organisations_version_insert` AFTER INSERT ON `organisations` BEGIN
	INSERT INTO `data_versions` (`scope`, `version`) VALUES ('site', 1), ('all', 1)
		ON CONFLICT (`scope`) DO UPDATE SET `version` = `version` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `organisations_version_update` AFTER UPDATE ON `organisations` BEGIN
	INSERT INTO `data_versions` (`scope`, `version`) VALUES ('site', 1), ('site', 1), ('all', 1)
		ON CONFLICT (`scope`) DO UPDATE SET `version` = `version` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `organisations_version_delete` AFTER DELETE ON `organisations` BEGIN
	INSERT INTO `data_versions` (`scope`, `version`) VALUES ('site', 1), ('all', 1)
		ON CONFLICT (`scope`) DO UPDATE SET `version` = `version` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `axes_version_insert` AFTER INSERT ON `axes` BEGIN
	INSERT INTO `data_versions` (`scope`, `version`) VALUES ('site', 1), ('all', 1)
		ON CONFLICT (`scope`) DO UPDATE SET `version` = `version` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `axes_version_update` AFTER UPDATE ON `axes` BEGIN
	INSERT INTO `data_versions` (`scope`, `version`) VALUES ('site', 1), ('site', 1), ('all', 1)
		ON CONFLICT (`scope`) DO UPDATE SET `version` = `version` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `axes_version_delete` AFTER DELETE ON `axes` BEGIN
	INSERT INTO `data_versions` (`scope`, `version`) VALUES ('site', 1), ('all', 1)
		ON CONFLICT (`scope`) DO UPDATE SET `version` = `version` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `programmes_version_insert` AFTER INSERT ON `programmes` BEGIN
	INSERT INTO `data_versions` (`scope`, `version`) VALUES ('site', 1), ('all', 1)
		ON CONFLICT (`scope`) DO UPDATE SET `version` = `version` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `programmes_version_update` AFTER UPDATE ON `programmes` BEGIN
	INSERT INTO `data_versions` (`scope`, `version`) VALUES ('site', 1), ('site', 1), ('all', 1)
		ON CONFLICT (`scope`) DO UPDATE SET `version` = `version` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `programmes_version_delete` AFTER DELETE ON `programmes` BEGIN
	INSERT INTO `data_versions` (`scope`, `version`) VALUES ('site', 1), ('all', 1)
		ON CONFLICT (`scope`) DO UPDATE SET `version` = `version` + 1;
END;
