import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { sql } from 'drizzle-orm';
import * as schema from './schema';
import { seedDatabase } from '../seed';
import { invariantViolations } from './invariants';
import { cacheStatements } from './statements';

/** SQLite's page cache per connection, in KB (SQLITE_CACHE_KB, default 4 MB). */
const SQLITE_CACHE_KB = (() => {
	const n = Number(process.env.SQLITE_CACHE_KB ?? 4096);
	return Number.isInteger(n) && n >= 256 ? n : 4096;
})();

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
	client.pragma('busy_timeout = 5000');
	// better-sqlite3 builds SQLite with a 16 MB page cache per connection, held for good once a
	// national query has filled it, in each of npm start's threads; the operating system's file cache
	// keeps the pages warm anyway (it is shared and does not count as the server's memory).
	client.pragma(`cache_size = -${SQLITE_CACHE_KB}`);
	const db = drizzle({ client, schema });
	writeTransactionsFirst(db);
	applyMigrations(db, options.migrationsDir);
	client.pragma('foreign_keys = ON');
	if (options.dataDir && isEmpty(db)) seedDatabase(db, options.dataDir);
	cacheStatements(client);
	return db;
}

/**
 * Every transaction of the app writes, and each takes the write lock as it begins (BEGIN IMMEDIATE,
 * waiting up to busy_timeout for it), not at its first write: in npm start's pool other threads
 * write too (a session's renewal, a read of relocation data logged), and a deferred transaction that
 * had read before another connection's commit could not upgrade to a write: SQLite answers
 * SQLITE_BUSY at once, whatever the timeout, and the person's save would fail ("database is locked",
 * seen on the national bench with writes on two threads).
 */
function writeTransactionsFirst(db: Db) {
	const deferred = db.transaction.bind(db);
	db.transaction = (fn, config) => deferred(fn, { behavior: 'immediate', ...config });
}

/**
 * Applies pending migrations the way SQLite documents for rebuilding tables: foreign keys off while
 * tables are recreated (drizzle's migrator runs in a transaction, where the PRAGMA is ignored), then
 * a foreign-key check. Before a migration touches existing rows, every CHECK rule is queried: a row
 * that a new constraint would refuse stops the start-up with the rows at fault, instead of a bare
 * "CHECK constraint failed".
 */
function applyMigrations(db: Db, folder: string) {
	const pending = pendingMigrations(db, folder);
	if (pending === 0) return;
	if (!isEmpty(db)) {
		const bad = invariantViolations(db, { skipMissing: true });
		if (bad.length)
			throw new Error(
				`Migration refused: ${bad.length} rule(s) broken by existing rows — ${bad
					.map((b) => `${b.table}.${b.name} (ids ${b.ids.join(', ')})`)
					.join('; ')}. Fix these rows, then start again.`
			);
	}
	db.$client.pragma('foreign_keys = OFF');
	migrate(db, { migrationsFolder: folder });
	const broken = db.$client.pragma('foreign_key_check') as unknown[];
	if (broken.length)
		throw new Error(
			`Migration left ${broken.length} broken foreign key(s): ${JSON.stringify(broken.slice(0, 5))}`
		);
}

function pendingMigrations(db: Db, folder: string): number {
	const journal = JSON.parse(fs.readFileSync(path.join(folder, 'meta/_journal.json'), 'utf8')) as {
		entries: unknown[];
	};
	const table = db.$client
		.prepare(
			`select name from sqlite_master where type = 'table' and name = '__drizzle_migrations'`
		)
		.get();
	if (!table) return journal.entries.length;
	const done = db.$client.prepare('select count(*) as n from __drizzle_migrations').get() as {
		n: number;
	};
	return journal.entries.length - done.n;
}

function isEmpty(db: Db): boolean {
	const exists = db.$client
		.prepare(`select 1 from sqlite_master where type = 'table' and name = 'programmes'`)
		.get();
	if (!exists) return true;
	const row = db.get<{ n: number }>(sql`select count(*) as n from ${schema.programmes}`);
	return row.n === 0;
}
