ALTER TABLE `indicators` ADD `inferred_fields` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
-- Existing databases get the flags their seed files now carry (the seed runs on empty databases only).
UPDATE `indicators` SET `inferred_fields` = '["action"]' WHERE `slug` = 'cdv-freins-peripheriques';--> statement-breakpoint
UPDATE `indicators` SET `inferred_fields` = '["measuredOn"]' WHERE `slug` IN ('cdv-habitants-terre-rouge', 'cdv-logements-sociaux-terre-rouge', 'acv-facades', 'acv-facades-travaux', 'acv-internes');
