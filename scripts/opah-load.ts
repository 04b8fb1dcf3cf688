/**
 * Loads a new year's OPAH-RU tables (same JSON shape as data/opah-ru/rules.json) as the active rule set.
 * npm run opah:load -- bareme-2027.json
 */
import fs from 'node:fs';
import { openDatabase } from '../src/lib/server/db';
import { config } from '../src/lib/server/config';
import { opahRulesFile } from '../src/lib/server/seed/files';
import { insertRuleSet } from '../src/lib/server/opah/rules';
import { documents, citations } from '../src/lib/server/db/schema';
import { eq } from 'drizzle-orm';

const file = process.argv[2];
if (!file) {
	console.error('Usage : npm run opah:load -- <fichier.json>');
	process.exit(2);
}
const parsed = opahRulesFile.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
if (!parsed.success) {
	console.error(
		`Fichier refusé : ${parsed.error.issues.map((i) => `${i.path.join('.')} : ${i.message}`).join(' ; ')}`
	);
	process.exit(1);
}
const db = openDatabase(config.databasePath, {
	migrationsDir: config.migrationsDir,
	dataDir: config.dataDir
});
try {
	const id = db.transaction((tx) =>
		insertRuleSet(
			tx,
			parsed.data,
			(s) => {
				if (!s) return null;
				const doc = tx.select().from(documents).where(eq(documents.key, s.doc)).get();
				if (!doc) throw new Error(`Document source inconnu : ${s.doc}`);
				return tx.insert(citations).values({ documentId: doc.id, quote: s.quote }).returning().get()
					.id;
			},
			'ligne de commande'
		)
	);
	console.log(`Barème « ${parsed.data.label} » chargé et actif (jeu ${id}).`);
} catch (e) {
	console.error(`Échec : ${(e as Error).message}`);
	process.exitCode = 1;
} finally {
	db.$client.close();
}
