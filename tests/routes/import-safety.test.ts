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

	it('treats a row without a version as stale: it cannot prove it saw the current record', async () => {
		const r = await preview(
			sheet((row) => {
				row.version = '';
				row.montant = String(Number(row.montant.replace(/\s/g, '')) + 1);
			})
		);
		const result = (r.data as Preview).preview.results[0];
		expect(result.stale).toMatchObject({ exported: null });
		expect(result.errors.join(' ')).toMatch(/sans version/);
	});

	it('refuses to mark a line paid or to move a paid line back: payments come from the partners’ area', async () => {
		// The last line was paid in full through the partners' area.
		const last = exportList(db(), 'financements', 'terre-rouge').rows.at(-1)!;
		db()
			.$client.prepare(
				`update funding_lines set status = 'paid', paid_cents = amount_cents, version = version + 1 where label = ? and status = ?`
			)
			.run(last.libelle, last.etat);
		const table = exportList(db(), 'financements', 'terre-rouge');
		const planned = table.rows.findIndex((row) => row.etat !== 'paid');
		const paid = table.rows.findIndex((row) => row.etat === 'paid');
		expect(planned).toBeGreaterThanOrEqual(0);
		expect(paid).toBeGreaterThanOrEqual(0);
		const rows = table.rows.map((row) =>
			Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v === null ? '' : String(v)]))
		);
		rows[planned].etat = 'paid';
		rows[paid].etat = 'planned';
		const r = await preview(tableToCsv({ ...table, rows }));
		const results = (r.data as Preview).preview.results;
		expect(results[planned].errors.join(' ')).toMatch(/« Versé » découle des versements/);
		expect(results[paid].errors.join(' ')).toMatch(/ne peut pas revenir en arrière/);
	});

	it('keeps a milestone’s recorded slip reason when the sheet leaves the motif empty', async () => {
		const id = db()
			.$client.prepare(
				`select m.id from milestones m join operations o on o.id = m.operation_id order by m.id limit 1`
			)
			.pluck()
			.get() as number;
		db()
			.$client.prepare(
				`update milestones set slip_reason = 'Appel d’offres infructueux', version = version + 1 where id = ?`
			)
			.run(id);
		const table = exportList(db(), 'jalons', 'terre-rouge');
		const rows = table.rows.map((row) =>
			Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v === null ? '' : String(v)]))
		);
		const row = rows.find((x) => x.motif_report === 'Appel d’offres infructueux')!;
		row.motif_report = '';
		row.etat = row.etat === 'in_progress' ? 'planned' : 'in_progress';
		const first = await preview(tableToCsv({ ...table, rows }), 'jalons');
		expect((first.data as Preview).preview.ok).toBe(true);
		const committed = await call(actions, 'commit', {
			...PAGE,
			user: 'admin',
			body: [
				['list', 'jalons'],
				['rows', (first.data as Preview).preview.rows],
				['fileName', 'jalons.csv']
			]
		});
		expect(committed.status).toBe(200);
		expect(
			db().$client.prepare('select slip_reason from milestones where id = ?').pluck().get(id)
		).toBe('Appel d’offres infructueux');
	});

	it('leaves the database within its rules', () => {
		expect(invariantViolations(db())).toEqual([]);
	});
});
