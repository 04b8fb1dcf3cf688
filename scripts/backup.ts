/**
 * Writes a consistent copy of the database with SQLite's online backup, safe while the server runs.
 * npm run backup [-- --out backups/copie.db]
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { backupDatabase } from '../src/lib/server/backup';
import { config } from '../src/lib/server/config';

const { values } = parseArgs({ options: { out: { type: 'string' } } });
const stamp = new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);
const out = path.resolve(values.out ?? path.join(config.backupDir, `app-${stamp}.db`));
fs.mkdirSync(path.dirname(out), { recursive: true });
try {
	const { pages } = await backupDatabase(config.databasePath, out);
	console.log(`Sauvegarde écrite : ${out} (${pages} pages).`);
} catch (e) {
	console.error(`Échec de la sauvegarde : ${(e as Error).message}`);
	process.exitCode = 1;
}
