import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { sql } from 'drizzle-orm';
import * as schema from './schema';
import { seedDatabase } from '../seed';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

export interface OpenOptions {
	migrationsDir: string;
	/** seed folder; when given, an empty database is seeded from it */
	dataDir?: string;
}

/** Opens (or creates) a database, applies pending migrations and seeds it when empty. */
export function openDatabase(file: string, options: OpenOptions): Db {
	const client = new Database(file);
	if (file !== ':memory:') client.pragma('journal_mode = WAL');
	client.pragma('foreign_keys = ON');
	client.pragma('busy_timeout = 5000');
	const db = drizzle(client, { schema }) as Db;
	migrate(db, { migrationsFolder: options.migrationsDir });
	if (options.dataDir && isEmpty(db)) seedDatabase(db, options.dataDir);
	return db;
}

function isEmpty(db: Db): boolean {
	const row = db.get<{ n: number }>(sql`select count(*) as n from ${schema.programmes}`);
	return row.n === 0;
}
