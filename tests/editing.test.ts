import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it, expect } from 'vitest';
import { sql } from 'drizzle-orm';
import { seededDb } from './helpers';
import * as s from '../src/lib/schemas/editing';
import { fieldErrors } from '../src/lib/schemas/fields';
import * as c from '../src/lib/server/editing/commands';
import { ConflictError, FieldError } from '../src/lib/server/editing/errors';
import { backupDatabase, restoreDatabase } from '../src/lib/server/backup';
import { openDatabase } from '../src/lib/server/db';

const alice = { id: null, name: 'Alice' };
const bob = { id: null, name: 'Bob' };
const count = (db: ReturnType<typeof seededDb>, table: string) =>
	db.get<{ n: number }>(sql.raw(`select count(*) as n from ${table}`)).n;
const action = (db: ReturnType<typeof seededDb>) =>
	db.get<{ id: number; version: number; status: string; progress: number | null }>(
		sql`select id, version, status, progress from action_items where code = '5' and programme_id = 1`
	);

const form = (over: Record<string, string> = {}) => ({
	version: '1',
	status: 'en_cours',
	progress: '40',
	description: '',
	lead: '',
	startDate: '',
	startPrecision: 'year',
	endDate: '',
	endPrecision: 'year',
	...over
});

describe('editing an action', () => {
	it('writes, bumps the version and records before/after in the audit log', () => {
		const db = seededDb();
		const a = action(db);
		const before = count(db, 'audit_log');
		c.updateAction(
			db,
			a.id,
			s.actionUpdateSchema.parse(form({ version: String(a.version) })),
			alice
		);
		const after = action(db);
		expect(after).toMatchObject({ status: 'en_cours', progress: 40, version: a.version + 1 });
		expect(count(db, 'audit_log')).toBe(before + 1);
		const entry = db.get<{ actor: string; before: string; after: string }>(
			sql`select actor, before, after from audit_log order by id desc limit 1`
		);
		expect(entry.actor).toBe('Alice');
		expect(JSON.parse(entry.before).status).toBe('non_renseigne');
		expect(JSON.parse(entry.after).status).toBe('en_cours');
	});

	it('refuses to overwrite a newer version and says what the other person changed', () => {
		const db = seededDb();
		const a = action(db);
		c.updateAction(
			db,
			a.id,
			s.actionUpdateSchema.parse(form({ version: String(a.version), progress: '30' })),
			alice
		);
		let conflict: ConflictError | undefined;
		try {
			c.updateAction(
				db,
				a.id,
				s.actionUpdateSchema.parse(
					form({ version: String(a.version), progress: '90', status: 'terminee' })
				),
				bob
			);
		} catch (e) {
			conflict = e as ConflictError;
		}
		expect(conflict).toBeInstanceOf(ConflictError);
		expect(conflict!.changes[0].actor).toBe('Alice');
		expect(conflict!.changes[0].fields).toEqual(
			expect.arrayContaining([{ field: 'progress', before: null, after: 30 }])
		);
		expect(action(db)).toMatchObject({ progress: 30, status: 'en_cours' });
	});
});

describe('invalid input never reaches the database', () => {
	const bad: [string, Record<string, string>][] = [
		[
			'empty title',
			{ title: '', plannedDate: '2025-01-01', plannedPrecision: 'month', status: 'planned' }
		],
		[
			'too long title',
			{
				title: 'x'.repeat(301),
				plannedDate: '2025-01-01',
				plannedPrecision: 'month',
				status: 'planned'
			}
		],
		[
			'script tag',
			{
				title: '<script>alert(1)</script>',
				plannedDate: '2025-01-01',
				plannedPrecision: 'month',
				status: 'planned'
			}
		],
		[
			'impossible date',
			{ title: 'Jalon', plannedDate: '2025-02-30', plannedPrecision: 'month', status: 'planned' }
		],
		[
			'SQL in a date',
			{
				title: 'Jalon',
				plannedDate: "2025-01-01'); DROP TABLE milestones;--",
				plannedPrecision: 'month',
				status: 'planned'
			}
		],
		[
			'unknown status',
			{ title: 'Jalon', plannedDate: '2025-01-01', plannedPrecision: 'month', status: 'fini' }
		]
	];
	it.each(bad)('milestone: %s is refused with a French message', (_, input) => {
		const r = s.milestoneCreateSchema.safeParse(input);
		expect(r.success).toBe(false);
		expect(Object.values(fieldErrors(r.error!))[0]).toMatch(/[a-zé]/);
	});

	it('refuses negative, malformed and SQL-looking amounts', () => {
		const base = {
			organisation: '',
			label: 'Ligne',
			kind: 'subsidy',
			tax: 'TTC',
			status: 'planned',
			plannedOn: '',
			requestedOn: '',
			committedOn: '',
			paidOn: ''
		};
		for (const amount of ['-100', '12abc', '1; DROP TABLE funding_lines', '']) {
			const r = s.fundingSchema.safeParse({ ...base, amount });
			expect(r.success, amount).toBe(false);
		}
		expect(s.fundingSchema.parse({ ...base, amount: '12 500,50' }).amount).toBe(1_250_050);
	});

	it('reads an absent optional date as not known, and refuses a bad one in French', () => {
		const line = { label: 'Ligne', kind: 'subsidy', tax: 'HT', status: 'planned', amount: '100' };
		// a form that sends only what it shows (no date fields at all)
		expect(s.fundingSchema.parse({ ...line, organisation: '' })).toMatchObject({
			plannedOn: null,
			committedOn: null,
			paidOn: null
		});
		const bad = s.fundingSchema.safeParse({ ...line, organisation: '', committedOn: '2024-02-30' });
		expect(bad.success).toBe(false);
		const messages = bad.error!.issues.map((i) => i.message).join(' ');
		expect(messages).not.toMatch(/Invalid/);
		expect(messages).toMatch(/date/i);
	});

	it('stores SQL-looking text verbatim and harmlessly', () => {
		const db = seededDb();
		const note = s.noteSchema.parse({ text: "Robert'); DROP TABLE action_items;--" });
		c.addNote(db, 'action', 1, note, alice);
		expect(count(db, 'action_items')).toBe(39);
		expect(db.get<{ text: string }>(sql`select text from notes`).text).toBe(
			"Robert'); DROP TABLE action_items;--"
		);
	});

	it('a moved milestone needs a reason and keeps its baseline', () => {
		const db = seededDb();
		const m = db.get<{ id: number; version: number }>(
			sql`select id, version from milestones where code = 'etape-2'`
		);
		const input = s.milestoneUpdateSchema.parse({
			id: String(m.id),
			version: String(m.version),
			title: 'Étape 2',
			plannedDate: '2024-04-15',
			plannedPrecision: 'quarter',
			status: 'planned',
			actualDate: '',
			slipReason: ''
		});
		expect(() => c.updateMilestone(db, input, alice)).toThrow(FieldError);
		const audits = count(db, 'audit_log');
		c.updateMilestone(db, { ...input, slipReason: 'Intempéries' }, alice);
		const after = db.get<{ plannedDate: string; baselineDate: string; slipReason: string }>(
			sql`select planned_date as plannedDate, baseline_date as baselineDate, slip_reason as slipReason from milestones where id = ${m.id}`
		);
		expect(after).toEqual({
			plannedDate: '2024-04-01',
			baselineDate: '2023-10-01',
			slipReason: 'Intempéries'
		});
		expect(count(db, 'audit_log')).toBe(audits + 1);
	});

	it('a done milestone needs its date', () => {
		const r = s.milestoneUpdateSchema.safeParse({
			id: '1',
			version: '1',
			title: 'x',
			plannedDate: '2024-01-01',
			plannedPrecision: 'month',
			status: 'done',
			actualDate: '',
			slipReason: ''
		});
		expect(r.success).toBe(false);
		expect(fieldErrors(r.error!).actualDate).toBe('Indiquez la date de réalisation.');
	});

	it('deleting needs the confirmation box and is audited', () => {
		expect(s.deleteSchema.safeParse({ id: '1', version: '1' }).success).toBe(false);
		const db = seededDb();
		const m = db.get<{ id: number; version: number }>(
			sql`select id, version from milestones where code = 'etape-1'`
		);
		c.deleteMilestone(db, m.id, m.version, alice);
		expect(
			db.get<{ n: number }>(sql`select count(*) as n from milestones where id = ${m.id}`).n
		).toBe(0);
		expect(
			db.get<{ op: string }>(sql`select operation as op from audit_log order by id desc limit 1`).op
		).toBe('delete');
		expect(
			db.get<{ n: number }>(sql`select count(*) as n from work_items where milestone_id is null`).n
		).toBe(3);
	});
});

describe('backup and restore', () => {
	it('round-trips a live database', async () => {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gc-backup-'));
		const file = path.join(dir, 'app.db');
		const root = path.resolve(import.meta.dirname, '..');
		const live = openDatabase(file, {
			migrationsDir: path.join(root, 'drizzle'),
			dataDir: path.join(root, 'data')
		});
		await backupDatabase(file, path.join(dir, 'copy.db'));
		c.addNote(live, 'action', 1, { text: 'après la sauvegarde' }, alice);
		expect(count(live as never, 'notes')).toBe(1);
		live.$client.close();
		const { keptAt } = restoreDatabase(path.join(dir, 'copy.db'), file);
		expect(keptAt && fs.existsSync(keptAt)).toBe(true);
		const restored = openDatabase(file, { migrationsDir: path.join(root, 'drizzle') });
		expect(count(restored as never, 'notes')).toBe(0);
		expect(count(restored as never, 'action_items')).toBe(39);
		restored.$client.close();
	});

	it('refuses a file that is not a database', () => {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gc-backup-'));
		fs.writeFileSync(path.join(dir, 'junk.db'), 'not sqlite');
		expect(() => restoreDatabase(path.join(dir, 'junk.db'), path.join(dir, 'app.db'))).toThrow();
	});
});
