import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it, expect } from 'vitest';
import { openDatabase } from '../src/lib/server/db';
import { invariantViolations } from '../src/lib/server/db/invariants';

const root = path.resolve(import.meta.dirname, '..');

/** A copy of the migrations folder that stops before `tag`, as an older install had it. */
function migrationsBefore(tag: string): string {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'migrations-'));
	fs.mkdirSync(path.join(dir, 'meta'));
	const journal = JSON.parse(
		fs.readFileSync(path.join(root, 'drizzle/meta/_journal.json'), 'utf8')
	) as {
		entries: { tag: string }[];
	};
	const stop = journal.entries.findIndex((e) => e.tag === tag);
	journal.entries = journal.entries.slice(0, stop);
	for (const e of journal.entries)
		fs.copyFileSync(path.join(root, 'drizzle', `${e.tag}.sql`), path.join(dir, `${e.tag}.sql`));
	fs.writeFileSync(path.join(dir, 'meta/_journal.json'), JSON.stringify(journal));
	return dir;
}

/**
 * A database as an older install had it: the schema of the migrations before `tag`, holding the
 * seeded data (seeded with today's code into today's schema, then copied column by column into the
 * older tables, since today's seed writes columns the older schema lacks).
 */
function seededAt(older: string, file: string): void {
	const current = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'db-')), 'current.db');
	openDatabase(current, {
		migrationsDir: path.join(root, 'drizzle'),
		dataDir: path.join(root, 'data')
	}).$client.close();
	const old = openDatabase(file, { migrationsDir: older });
	const c = old.$client;
	c.pragma('foreign_keys = OFF');
	c.prepare('attach database ? as cur').run(current);
	const tables = c
		.prepare(
			`select name from main.sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '__drizzle%'`
		)
		.pluck()
		.all() as string[];
	for (const t of tables) {
		const cols = (c.prepare(`select name from pragma_table_info(?)`).pluck().all(t) as string[])
			.map((n) => `"${n}"`)
			.join(', ');
		c.prepare(`delete from main."${t}"`).run();
		c.prepare(`insert into main."${t}" (${cols}) select ${cols} from cur."${t}"`).run();
	}
	c.prepare('detach database cur').run();
	c.close();
}

describe('the constraints migration on an existing database', () => {
	const older = migrationsBefore('0009_constraints');
	const file = () => path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'db-')), 'app.db');

	it('upgrades a seeded database, foreign keys and all', () => {
		const f = file();
		seededAt(older, f);
		const db = openDatabase(f, { migrationsDir: path.join(root, 'drizzle') });
		expect(db.$client.prepare('select count(*) from milestones').pluck().get()).toBe(9);
		expect(invariantViolations(db)).toEqual([]);
		db.$client.close();
	});

	it('checks existing rows first and names the ones a new rule would refuse', () => {
		const f = file();
		seededAt(older, f);
		const old = openDatabase(f, { migrationsDir: older });
		old.$client.prepare(`update funding_lines set amount_cents = -5 where id = 2`).run();
		old.$client.prepare(`update milestones set planned_date = '2024-02-30' where id = 3`).run();
		old.$client.close();
		const upgrade = () => openDatabase(f, { migrationsDir: path.join(root, 'drizzle') });
		expect(upgrade).toThrow(/funding_lines\.funding_amount \(ids 2\)/);
		expect(upgrade).toThrow(/milestones\.milestone_planned \(ids 3\)/);
	});
});
