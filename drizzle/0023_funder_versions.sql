-- A funder's lines have a version of their own (`funder:<organisation id>`), so a partner's portal,
-- added up over a national funder's thousands of lines, is kept until one of its lines changes rather
-- than until anybody writes anything. The funding triggers of 0018 are replaced, scopes unchanged.
DROP TRIGGER `funding_version_insert`;
--> statement-breakpoint
DROP TRIGGER `funding_version_update`;
--> statement-breakpoint
DROP TRIGGER `funding_version_delete`;
--> statement-breakpoint
CREATE TRIGGER `funding_version_insert` AFTER INSERT ON `funding_lines` BEGIN
	INSERT INTO `data_versions` (`scope`, `version`) VALUES (coalesce('programme:' || coalesce((SELECT `programme_id` FROM `action_items` WHERE `id` = NEW.`action_id`), (SELECT `programme_id` FROM `operations` WHERE `id` = NEW.`operation_id`)), 'site'), 1), (coalesce('funder:' || NEW.`organisation_id`, 'funder:none'), 1), ('all', 1)
		ON CONFLICT (`scope`) DO UPDATE SET `version` = `version` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `funding_version_update` AFTER UPDATE ON `funding_lines` BEGIN
	INSERT INTO `data_versions` (`scope`, `version`) VALUES (coalesce('programme:' || coalesce((SELECT `programme_id` FROM `action_items` WHERE `id` = NEW.`action_id`), (SELECT `programme_id` FROM `operations` WHERE `id` = NEW.`operation_id`)), 'site'), 1), (coalesce('programme:' || coalesce((SELECT `programme_id` FROM `action_items` WHERE `id` = OLD.`action_id`), (SELECT `programme_id` FROM `operations` WHERE `id` = OLD.`operation_id`)), 'site'), 1), (coalesce('funder:' || NEW.`organisation_id`, 'funder:none'), 1), (coalesce('funder:' || OLD.`organisation_id`, 'funder:none'), 1), ('all', 1)
		ON CONFLICT (`scope`) DO UPDATE SET `version` = `version` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `funding_version_delete` AFTER DELETE ON `funding_lines` BEGIN
	INSERT INTO `data_versions` (`scope`, `version`) VALUES (coalesce('programme:' || coalesce((SELECT `programme_id` FROM `action_items` WHERE `id` = OLD.`action_id`), (SELECT `programme_id` FROM `operations` WHERE `id` = OLD.`operation_id`)), 'site'), 1), (coalesce('funder:' || OLD.`organisation_id`, 'funder:none'), 1), ('all', 1)
		ON CONFLICT (`scope`) DO UPDATE SET `version` = `version` + 1;
END;
--> statement-breakpoint
-- An action or operation moved to another programme moves its lines between a funder's programmes:
-- everything that adds up by programme (a funder's portal among them) follows `site`.
CREATE TRIGGER `actions_moved_version` AFTER UPDATE OF `programme_id` ON `action_items`
	WHEN OLD.`programme_id` IS NOT NEW.`programme_id` BEGIN
	INSERT INTO `data_versions` (`scope`, `version`) VALUES ('site', 1)
		ON CONFLICT (`scope`) DO UPDATE SET `version` = `version` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `operations_moved_version` AFTER UPDATE OF `programme_id` ON `operations`
	WHEN OLD.`programme_id` IS NOT NEW.`programme_id` BEGIN
	INSERT INTO `data_versions` (`scope`, `version`) VALUES ('site', 1)
		ON CONFLICT (`scope`) DO UPDATE SET `version` = `version` + 1;
END;
