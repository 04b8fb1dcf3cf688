import path from 'node:path';
import { openDatabase, type Db } from '../src/lib/server/db';

const root = path.resolve(import.meta.dirname, '..');

/** A fresh in-memory database with every migration applied and the real seed loaded. */
export function seededDb(): Db {
	return openDatabase(':memory:', {
		migrationsDir: path.join(root, 'drizzle'),
		dataDir: path.join(root, 'data')
	});
}

/** A fresh in-memory database with the schema only. */
export function emptyDb(): Db {
	return openDatabase(':memory:', { migrationsDir: path.join(root, 'drizzle') });
}
