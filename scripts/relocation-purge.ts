/**
 * Deletes relocation cases closed for longer than the retention period (RELOCATION_RETENTION_YEARS, default 5).
 * npm run relocation:purge [-- --years 5]
 */
import { parseArgs } from 'node:util';
import { openDatabase } from '../src/lib/server/db';
import { config } from '../src/lib/server/config';
import { purgeClosedCases, retentionYears } from '../src/lib/server/relocation/cases';

const { values } = parseArgs({ options: { years: { type: 'string' } } });
const years = values.years ? Number(values.years) : retentionYears();
if (!Number.isInteger(years) || years < 1) {
	console.error('La durée de conservation est un nombre entier d’années (1 au moins).');
	process.exit(2);
}
const db = openDatabase(config.databasePath, {
	migrationsDir: config.migrationsDir,
	dataDir: config.dataDir
});
try {
	const n = purgeClosedCases(db, { id: null, name: 'purge (ligne de commande)' }, years);
	console.log(
		`${n} dossier(s) clos depuis plus de ${years} ans supprimé(s). La purge est inscrite au journal.`
	);
} finally {
	db.$client.close();
}
