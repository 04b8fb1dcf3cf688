ALTER TABLE `programmes` ADD `envelope_note` text;--> statement-breakpoint
-- An existing database gets the note its seed file now carries (the seed runs on empty databases only).
UPDATE `programmes` SET `envelope_note` = 'Enveloppes nationales du programme (pour les 222 territoires retenus), pas des montants attribués à Cahors. Le communiqué mentionne « 1 Md€ de l''Anah » ; la présentation de l''Anah indique 1,2 milliard d''euros sur 5 ans.' WHERE `slug` = 'action-coeur-de-ville';
