ALTER TABLE `indicators` ADD `inferred_fields` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
-- Existing databases get the flags their seed files now carry (the seed runs on empty databases only).
UPDATE `indicators` SET `inferred_fields` = '["action"]' WHERE `slug` = 'cdv-freins-peripheriques';--> statement-breakpoint
UPDATE `indicators` SET `inferred_fields` = '["measuredOn"]' WHERE `slug` IN ('cdv-habitants-terre-rouge', 'cdv-logements-sociaux-terre-rouge', 'acv-facades', 'acv-facades-travaux', 'acv-internes');
--> statement-breakpoint
-- Existing databases get the place notes in French (the seed runs on empty databases only).
UPDATE `places` SET `note` = 'Emplacement non vérifié, à 700 m près.' WHERE `note` = 'Location not verified; ±700 m';
--> statement-breakpoint
UPDATE `places` SET `note` = 'Emplacement du quartier inconnu : le point est le centre de la commune (medialot.fr situe l''« ancienne piscine de la Croix de Fer » dans ce quartier).' WHERE `note` = 'Quarter location unknown; point is only the commune centroid; medialot.fr mentions the "ancienne piscine de la Croix de Fer" (sports site) in this quarter';
--> statement-breakpoint
UPDATE `places` SET `note` = 'Emplacement du quartier inconnu : le point est le centre de la commune de Pradines (46224).' WHERE `note` = 'Quarter location unknown; point is only the Pradines (46224) commune centroid';
--> statement-breakpoint
UPDATE `places` SET `note` = 'Partie nord du centre ancien, près du château du Roi, à 250 m près.' WHERE `note` = 'Northern part of the old town near the Château du Roi; ±250 m';
--> statement-breakpoint
UPDATE `places` SET `note` = 'Est du centre ancien, vers le Lot (côté Cabessut), à 300 m près.' WHERE `note` = 'East side of the old town towards the Lot (Cabessut side); ±300 m';
--> statement-breakpoint
UPDATE `places` SET `note` = 'Halle couverte à l''ouest de la cathédrale Saint-Étienne, centre ancien, à 150 m près.' WHERE `note` = 'Covered market just west of the cathedral Saint-Étienne, old town; ±150 m';
--> statement-breakpoint
UPDATE `places` SET `note` = 'Extrémité nord du boulevard principal nord-sud, à 250 m près.' WHERE `note` = 'Upper (northern) end of the main north-south boulevard; ±250 m';
--> statement-breakpoint
UPDATE `places` SET `note` = 'Placé dans le sud du centre ancien ; emplacement non vérifié, à 400 m près.' WHERE `note` = 'Placed in the southern part of the old town; location not verified; ±400 m';
--> statement-breakpoint
UPDATE `places` SET `note` = 'Emplacement de la rue inconnu : le point est le centre de la commune.' WHERE `note` = 'Street location unknown; point is only the commune centroid';
--> statement-breakpoint
UPDATE `places` SET `note` = 'Emplacement inconnu : le point est le centre de la commune.' WHERE `note` = 'Location unknown; point is only the commune centroid';
