import { describe, it, expect, beforeAll } from 'vitest';
import { setup, call, snapshot, db } from './harness';
import { invariantViolations } from '../../src/lib/server/db/invariants';
import { actions } from '../../src/routes/donnees/import/+page.server';
import { exportList } from '../../src/lib/server/exports/lists';
import { tableToCsv } from '../../src/lib/server/exports/formats';

const PAGE = { route: '/donnees/import', path: '/donnees/import' };

beforeAll(setup);

/** The Terre-Rouge funding lines as the export gives them, one row changed by `edit`. */
function sheet(
	edit: (row: Record<string, string>) => void,
	list: 'financements' | 'actions' | 'jalons' = 'financements',
	programme = 'terre-rouge'
) {
	const table = exportList(db(), list, programme);
	const rows = table.rows.map((r) =>
		Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v === null ? '' : String(v)]))
	);
	edit(rows[0]);
	return tableToCsv({ ...table, rows });
}

async function preview(csv: string, list = 'financements') {
	return call(actions, 'preview', {
		...PAGE,
		user: 'admin',
		body: {
			multipart: [
				['list', list],
				['file', new Blob([csv], { type: 'text/csv' }), 'import.csv']
			]
		}
	});
}

type Preview = {
	preview: {
		results: { errors: string[]; action: string; stale?: unknown }[];
		rows: string;
		ok: boolean;
	};
};

describe('a hostile spreadsheet is refused row by row, and nothing is written', () => {
	const cases: [string, (r: Record<string, string>) => void, RegExp][] = [
		['a prototype name as status', (r) => (r.etat = '__proto__'), /État inconnu/],
		['constructor as status', (r) => (r.etat = 'constructor'), /État inconnu/],
		['toString as status', (r) => (r.etat = 'toString'), /État inconnu/],
		['1e300 as amount', (r) => (r.montant = '1e300'), /Montant/],
		['1e307 as amount', (r) => (r.montant = '1e307'), /Montant/],
		['hexadecimal amount', (r) => (r.montant = '0x10'), /Montant/],
		['an amount beyond any programme', (r) => (r.montant = '999999999999999'), /trop élevé/],
		['an impossible date', (r) => (r.engage_le = '2024-02-31'), /Date d'engagement invalide/],
		['a date out of range', (r) => (r.engage_le = '0000-01-01'), /Date d'engagement invalide/],
		['a 300 000-character label', (r) => (r.libelle = 'x'.repeat(300_000)), /caractères au plus/]
	];
	it.each(cases)('%s', async (_, edit, message) => {
		const before = snapshot();
		const r = await preview(sheet(edit));
		expect(r.status).toBe(200);
		const { results, ok } = (r.data as Preview).preview;
		expect(ok).toBe(false);
		expect(results[0].action).toBe('error');
		expect(results[0].errors.join(' ')).toMatch(message);
		expect(snapshot()).toBe(before);
	});

	it('a commit of tampered rows re-checks them and writes nothing', async () => {
		const before = snapshot();
		const rows = JSON.stringify([
			{ programme: 'terre-rouge', etat: '__proto__', montant: '1e300' }
		]);
		const r = await call(actions, 'commit', {
			...PAGE,
			user: 'admin',
			body: [
				['list', 'financements'],
				['rows', rows],
				['fileName', 'x.csv']
			]
		});
		expect(r.status).toBe(400);
		expect(snapshot()).toBe(before);
	});
});

describe('an export carries versions; a stale one does not overwrite newer edits', () => {
	it('refuses a row changed since the export unless the user ticks "écraser"', async () => {
		const stale = sheet(() => undefined); // exported now, at version 1
		// Someone edits line 1 in the app after the export.
		db()
			.$client.prepare(
				`update funding_lines set amount_cents = 72000500, version = version + 1 where id = 1`
			)
			.run();
		const changed = stale.replace('720000', '720001'); // the file changes the same line
		const first = await preview(changed);
		const result = (first.data as Preview).preview.results[0];
		expect(result.stale).toEqual({ exported: 1, current: 2 });
		expect(result.errors.join(' ')).toMatch(/Modifié depuis l’export/);
		const rows = (first.data as Preview).preview.rows;
		const commit = (overwrite: [string, string][]) =>
			call(actions, 'commit', {
				...PAGE,
				user: 'admin',
				body: [['list', 'financements'], ['rows', rows], ['fileName', 'x.csv'], ...overwrite]
			});
		const before = snapshot();
		expect((await commit([])).status).toBe(400);
		expect(snapshot()).toBe(before);
		expect((await commit([['overwrite', '2']])).status).toBe(200);
		expect(
			db().$client.prepare('select amount_cents from funding_lines where id = 1').pluck().get()
		).toBe(72000100);
	});

	it('leaves the database within its rules', () => {
		expect(invariantViolations(db())).toEqual([]);
	});
});
