import path from 'node:path';

/** Settings read once from the environment; paths resolve from the app root (the working directory). */
export const config = {
	databasePath: process.env.DATABASE_PATH ?? path.resolve('data/app.db'),
	dataDir: path.resolve(process.env.SEED_DATA_DIR ?? 'data'),
	migrationsDir: path.resolve(process.env.MIGRATIONS_DIR ?? 'drizzle')
};
