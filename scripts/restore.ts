/**
 * Brings a backup back: checks it, keeps the current database aside, then replaces it.
 * Stop the server first. npm run restore -- backups/app-….db
 */
import path from 'node:path';
import { restoreDatabase } from '../src/lib/server/backup';
import { config } from '../src/lib/server/config';

const file = process.argv[2];
if (!file) {
	console.error('Usage : npm run restore -- <fichier de sauvegarde>');
	process.exit(2);
}
try {
	const { keptAt } = restoreDatabase(path.resolve(file), config.databasePath);
	console.log(
		`Base restaurée depuis ${file}.${keptAt ? ` L'ancienne base est conservée : ${keptAt}` : ''}`
	);
} catch (e) {
	console.error(`Échec de la restauration : ${(e as Error).message}`);
	process.exitCode = 1;
}
