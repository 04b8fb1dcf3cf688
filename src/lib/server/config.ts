import path from 'node:path';

/** Settings read once from the environment; paths resolve from the app root (the working directory). */
export const config = {
	databasePath: process.env.DATABASE_PATH ?? path.resolve('data/app.db'),
	dataDir: path.resolve(process.env.SEED_DATA_DIR ?? 'data'),
	migrationsDir: path.resolve(process.env.MIGRATIONS_DIR ?? 'drizzle'),
	backupDir: path.resolve(process.env.BACKUP_DIR ?? 'backups')
};

/** Settings that may change between requests in tests: read each time. */
export function settings() {
	return {
		/** anonymous visitors may read published data unless PUBLIC_READING=0 */
		publicReading: process.env.PUBLIC_READING !== '0',
		demo: process.env.DEMO === '1',
		/** places must lie in metropolitan France unless PLACES_OUTSIDE_FRANCE=1 */
		placesAnywhere: process.env.PLACES_OUTSIDE_FRANCE === '1',
		/** the PDF service's browser starts with the server unless PDF_PREWARM=0 */
		pdfPrewarm: process.env.PDF_PREWARM !== '0'
	};
}

/** Records not confirmed by a person for this many days are listed to their owner (CONFIRMATION_DAYS). */
export function confirmationDays(): number {
	const n = Number(process.env.CONFIRMATION_DAYS);
	return Number.isInteger(n) && n > 0 && n <= 3650 ? n : 90;
}
