import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../src/lib/server/db';

// npm start's threads share one database file: a transaction of one must not fail because another
// thread committed a small write (a session's renewal) between its first read and its first write.
describe('write transactions take the write lock as they begin', () => {
	let db: Db;
	let other: Database.Database;
	afterEach(() => {
		other?.close();
		db?.$client.close();
	});
	const open = () => {
		const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tx-')), 'app.db');
		db = openDatabase(file, { migrationsDir: 'drizzle' });
		// Another thread's connection, which does not wait for the lock.
		other = new Database(file);
		other.pragma('busy_timeout = 0');
	};
	const otherWrites = () =>
		other.prepare(`insert into data_versions (scope, version) values ('autre', 1)`).run();
	const read = (tx: Db) => tx.get<{ n: number }>(sql`select count(*) as n from data_versions`);
	const write = (tx: Db) =>
		tx.run(sql`insert into data_versions (scope, version) values ('nous', 1)`);

	it('keeps another connection from committing between its read and its write', () => {
		open();
		db.transaction((tx) => {
			read(tx as unknown as Db);
			expect(otherWrites).toThrow(/locked|busy/i);
			write(tx as unknown as Db);
		});
		const scopes = db.all<{ scope: string }>(sql`select scope from data_versions`);
		expect(scopes.map((r) => r.scope)).toEqual(['nous']);
	});

	it('(a deferred transaction would fail at its write, whatever the timeout)', () => {
		open();
		let failure: unknown;
		try {
			db.transaction(
				(tx) => {
					read(tx as unknown as Db);
					otherWrites();
					write(tx as unknown as Db);
				},
				{ behavior: 'deferred' }
			);
		} catch (e) {
			failure = (e as { cause?: unknown }).cause ?? e;
		}
		expect((failure as { code?: string } | undefined)?.code).toMatch(/^SQLITE_BUSY/);
	});
});
