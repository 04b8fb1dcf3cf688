import fs from 'node:fs';
import path from 'node:path';
import { building } from '$app/environment';
import { config } from '../config';
import { openDatabase, type Db } from './index';

let instance: Db | undefined;

/** The app's database, opened on first use (never while SvelteKit builds). */
export function db(): Db {
	if (building) throw new Error('The database must not be opened during the build');
	if (!instance) {
		fs.mkdirSync(path.dirname(config.databasePath), { recursive: true });
		instance = openDatabase(config.databasePath, {
			migrationsDir: config.migrationsDir,
			dataDir: config.dataDir
		});
	}
	return instance;
}

export function closeDb(): void {
	instance?.$client.close();
	instance = undefined;
}
