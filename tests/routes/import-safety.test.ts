import { describe, it, expect, beforeAll } from 'vitest';
import JSZip from 'jszip';
import ExcelJS from 'exceljs';
import { setup, call, snapshot, db, userOf } from './harness';
import { draftPage } from '../../src/lib/server/imports/drafts';
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

/** Posts a file to the preview, follows its redirect to the draft and reads the draft's first page. */
async function preview(
	csv: string | Blob,
	list = 'financements',
	user: 'admin' | 'chef' = 'admin'
) {
	const r = await call(actions, 'preview', {
		...PAGE,
		user,
		body: {
			multipart: [
				['list', list],
				['file', csv instanceof Blob ? csv : new Blob([csv], { type: 'text/csv' }), 'import.csv']
			]
		}
	});
	if (r.status !== 303)
		return { status: r.status, message: (r.data?.message ?? r.message) as string };
	const id = new URL(r.message!, 'http://localhost').searchParams.get('brouillon')!;
	const page = draftPage(db(), userOf(user)!.id, id, 1)!;
	return {
		status: r.status,
		draft: id,
		page,
		line: (n: number) => page.results.find((x) => x.line === n)!
	};
}

const commit = (draft: string, extra: [string, string][] = [], user: 'admin' | 'chef' = 'admin') =>
	call(actions, 'commit', { ...PAGE, user, body: [['draft', draft], ...extra] });

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
		['a date out of range', (r) => (r.engage_le = '0000-01-01'), /Date d'engagement invalide/]
	];
	it.each(cases)('%s', async (_, edit, message) => {
		const before = snapshot();
		const r = await preview(sheet(edit));
		expect(r.status).toBe(303);
		expect(r.page!.ok).toBe(false);
		const row = r.line!(2);
		expect(row.action).toBe('error');
		expect(row.errors.join(' ')).toMatch(message);
		expect(snapshot()).toBe(before);
	});

	it('a 300 000-character cell is refused while the file is read', async () => {
		const r = await preview(sheet((row) => (row.libelle = 'x'.repeat(300_000))));
		expect(r.status).toBe(400);
		expect(r.message).toMatch(/dépasse 5\s000 caractères/);
	});

	it('a commit names a draft: a forged id or another user’s draft writes nothing', async () => {
		const mine = await preview(sheet((row) => (row.montant = '1')));
		const before = snapshot();
		expect((await commit('AAAAAAAAAAAAAAAAAAAAAAAA')).status).toBe(404);
		expect((await commit(mine.draft!, [], 'chef')).status).toBe(404);
		expect((await commit('../../etc/passwd')).status).toBe(400);
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
		const result = first.line!(2);
		expect(result.stale).toEqual({ exported: 1, current: 2 });
		expect(result.errors.join(' ')).toMatch(/Modifié depuis l’export/);
		expect(first.page!.blocking).toBe(0);
		const before = snapshot();
		expect((await commit(first.draft!)).status).toBe(400);
		expect(snapshot()).toBe(before);
		expect((await commit(first.draft!, [['overwrite', '2']])).status).toBe(200);
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
		const result = r.line!(2);
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
		expect(r.line!(planned + 2).errors.join(' ')).toMatch(/« Versé » découle des versements/);
		expect(r.line!(paid + 2).errors.join(' ')).toMatch(/ne peut pas revenir en arrière/);
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
		expect(first.page!.ok).toBe(true);
		expect((await commit(first.draft!)).status).toBe(200);
		expect(
			db().$client.prepare('select slip_reason from milestones where id = ?').pluck().get(id)
		).toBe('Appel d’offres infructueux');
	});

	it('leaves the database within its rules', () => {
		expect(invariantViolations(db())).toEqual([]);
	});
});

/** A genuine one-sheet workbook with one part replaced (or added, hidden from nothing). */
async function withPart(path: string, content: string): Promise<Buffer> {
	const wb = new ExcelJS.Workbook();
	wb.addWorksheet('financements').addRow(['programme', 'libelle']);
	const zip = await JSZip.loadAsync(Buffer.from(await wb.xlsx.writeBuffer()));
	zip.file(path, content);
	return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

/** Posts raw bytes as the preview's file. */
const upload = (bytes: Uint8Array, name: string) =>
	call(actions, 'preview', {
		...PAGE,
		user: 'admin',
		body: {
			multipart: [
				['list', 'financements'],
				['file', new Blob([new Uint8Array(bytes)]), name]
			]
		}
	});

describe('bounded work: the file is measured while it is read', () => {
	it('refuses a 6 MB upload with a French 413 before parsing it', async () => {
		const r = await call(actions, 'preview', {
			...PAGE,
			user: 'admin',
			body: {
				multipart: [
					['list', 'financements'],
					['file', new Blob(['x'.repeat(6 * 1024 * 1024)]), 'gros.csv']
				]
			}
		});
		expect(r.status).toBe(413);
		expect(r.message).toMatch(/trop volumineux/);
	});

	it('refuses an XLSX that inflates to 40 MB (a 40 MB cell in a small file)', async () => {
		const bomb = await withPart(
			'xl/sharedStrings.xml',
			`<sst><si><t>${'A'.repeat(40 * 1024 * 1024)}</t></si></sst>`
		);
		expect(bomb.length).toBeLessThan(200 * 1024);
		const r = await upload(bomb, 'bombe.xlsx');
		expect(r.status).toBe(400);
		expect(String(r.data?.message)).toMatch(/trop volumineux une fois décompressé/);
	});

	it('refuses shared strings made of millions of empty elements (objects, not bytes)', async () => {
		const file = await withPart(
			'xl/sharedStrings.xml',
			`<sst><si>${'<r/>'.repeat(4_000_000)}</si></sst>`
		);
		expect(file.length).toBeLessThan(100 * 1024);
		const r = await upload(file, 'elements.xlsx');
		expect(r.status).toBe(400);
		expect(String(r.data?.message)).toMatch(/trop volumineux/);
	});

	it('reads only the parts it checked: a damaged extra part is never inflated', async () => {
		const file = await withPart('xl/worksheets/sheet9.xml', 'x'.repeat(1000));
		// Corrupt the extra part's compressed bytes: a reader following it would hang or fail.
		const zip = await JSZip.loadAsync(file);
		expect(zip.file('xl/worksheets/sheet9.xml')).not.toBeNull();
		const r = await upload(file, 'parts.xlsx');
		expect(r.status).toBe(400);
		// The sheet is read (its header lacks the import's columns): no hang, a French message.
		expect(String(r.data?.message)).toMatch(/Colonnes manquantes/);
	});

	it('refuses a small XLSX whose cells all repeat one long shared string (amplification)', async () => {
		const wb = new ExcelJS.Workbook();
		const ws = wb.addWorksheet('financements');
		const long = 'x'.repeat(5_000);
		ws.addRow(['programme', 'rattachement', 'financeur', 'libelle']);
		for (let i = 0; i < 2_000; i++) ws.addRow([long, long, long, long]);
		const file = Buffer.from(await wb.xlsx.writeBuffer());
		expect(file.length).toBeLessThan(500 * 1024);
		const r = await upload(file, 'amplification.xlsx');
		expect(r.status).toBe(400);
		expect(String(r.data?.message)).toMatch(/trop volumineux une fois lu/);
	});

	it('refuses more than 10 000 rows', async () => {
		const header = sheet(() => undefined).split('\r\n')[0];
		const csv = [header, ...Array.from({ length: 10_001 }, () => 'x')].join('\r\n');
		const r = await preview(csv);
		expect(r.status).toBe(400);
		expect(r.message).toMatch(/Trop de lignes/);
	});

	it('reads a French Excel CSV saved in Windows-1252', async () => {
		const csv = sheet((row) => (row.libelle = 'Rénovation – façades’'));
		const r = await preview(windows1252(csv.replace(/^\uFEFF/, '')));
		expect(r.status).toBe(303);
		expect(r.line!(2).key).toContain('Rénovation – façades’');
	});
});

/** Encodes text as Windows-1252 (what French Excel writes for "CSV (séparateur : point-virgule)"). */
function windows1252(text: string): Blob {
	const extra: Record<string, number> = {
		'€': 0x80,
		'’': 0x92,
		'‘': 0x91,
		'–': 0x96,
		'—': 0x97,
		œ: 0x9c,
		Œ: 0x8c,
		'…': 0x85
	};
	const bytes = [...text].map((c) => {
		const code = c.codePointAt(0)!;
		if (Object.hasOwn(extra, c)) return extra[c];
		if (code < 0x80 || (code >= 0xa0 && code <= 0xff)) return code;
		throw new Error(`not in Windows-1252: ${c}`);
	});
	return new Blob([new Uint8Array(bytes)]);
}
