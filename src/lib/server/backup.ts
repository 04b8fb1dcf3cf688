import fs from 'node:fs';
import Database from 'better-sqlite3';

/** SQLite's online backup API: a consistent copy even while the server writes. */
export async function backupDatabase(
	source: string,
	destination: string
): Promise<{ pages: number }> {
	if (!fs.existsSync(source)) throw new Error(`Base introuvable : ${source}`);
	const db = new Database(source, { readonly: true, fileMustExist: true });
	try {
		const result = await db.backup(destination);
		return { pages: result.totalPages };
	} finally {
		db.close();
	}
}

/** Replaces the database by a checked backup; the current file (and its WAL) is kept beside it. */
export function restoreDatabase(backup: string, target: string): { keptAt: string | null } {
	if (!fs.existsSync(backup)) throw new Error(`Sauvegarde introuvable : ${backup}`);
	const check = new Database(backup, { readonly: true, fileMustExist: true });
	try {
		const ok = check.pragma('integrity_check', { simple: true });
		if (ok !== 'ok') throw new Error(`Sauvegarde corrompue (${String(ok)})`);
		check.prepare('select count(*) from programmes').get();
	} finally {
		check.close();
	}
	let keptAt: string | null = null;
	if (fs.existsSync(target)) {
		keptAt = `${target}.avant-restauration-${new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19)}`;
		// Fold the WAL into the main file before moving it aside.
		const current = new Database(target);
		current.pragma('wal_checkpoint(TRUNCATE)');
		current.close();
		fs.renameSync(target, keptAt);
	}
	for (const suffix of ['-wal', '-shm']) fs.rmSync(target + suffix, { force: true });
	fs.copyFileSync(backup, target);
	return { keptAt };
}
