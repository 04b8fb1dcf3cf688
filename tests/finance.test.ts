import { describe, it, expect } from 'vitest';
import { sql, eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { seededDb } from './helpers';
import { factory } from './factories';
import * as t from '../src/lib/server/db/schema';
import {
	recordPayment,
	confirmCommitment,
	paymentSchema,
	portal,
	PORTAL_PAGE,
	PORTAL_PROGRAMMES
} from '../src/lib/server/partners/portal';
import { can } from '../src/lib/server/auth/permissions';
import { plansToCheck } from '../src/lib/server/funding/plans';
import { listFundingLines } from '../src/lib/server/funding/queries';
import { exportList, territoryTables } from '../src/lib/server/exports/lists';
import { tableToCsv, tablesToXlsx } from '../src/lib/server/exports/formats';
import { scdlSubsidies, scdlCsv, SCDL_COLUMNS } from '../src/lib/server/exports/scdl';
import { readSpreadsheet } from '../src/lib/server/imports/read';
import { importRows, importColumns } from '../src/lib/server/imports/apply';
import { FieldError } from '../src/lib/server/editing/errors';

const dept = { id: null, name: 'Département du Lot' };
const line = (db: ReturnType<typeof seededDb>, funder: string) =>
	db.get<{ id: number; version: number }>(
		sql`select fl.id, fl.version from funding_lines fl join organisations o on o.id = fl.organisation_id where o.slug = ${funder}`
	);
const pay = (id: number, version: number, amount: string, paidOn = '2024-05-01') =>
	paymentSchema.parse({ id: String(id), version: String(version), amount, paidOn });

describe('partner payments', () => {
	it('partial payments add up; paying more than committed is refused', () => {
		const db = seededDb();
		const l = line(db, 'departement-lot');
		expect(() => recordPayment(db, pay(l.id, l.version, '1000'), dept)).toThrow(/engagement/);
		confirmCommitment(db, { id: l.id, version: l.version, committedOn: '2024-01-15' }, dept);
		recordPayment(db, pay(l.id, l.version + 1, '100 000'), dept);
		recordPayment(db, pay(l.id, l.version + 2, '40 000', '2024-09-01'), dept);
		let err: unknown;
		try {
			recordPayment(db, pay(l.id, l.version + 3, '4 000,01'), dept);
		} catch (e) {
			err = e;
		}
		expect(err).toBeInstanceOf(FieldError);
		recordPayment(db, pay(l.id, l.version + 3, '4 000'), dept);
		const after = db.select().from(t.fundingLines).where(eq(t.fundingLines.id, l.id)).get()!;
		expect(after).toMatchObject({
			paidCents: 14_400_000,
			status: 'paid',
			committedOn: '2024-01-15'
		});
		const org = db
			.select()
			.from(t.organisations)
			.where(eq(t.organisations.slug, 'departement-lot'))
			.get()!;
		const p = portal(db, org.id);
		expect(p.totals).toMatchObject({
			committedCents: 14_400_000,
			paidCents: 14_400_000,
			remainingCents: 0
		});
		expect(p.byYear.map((y) => y.key)).toEqual(['2024']);
		expect(
			db.get<{ n: number }>(
				sql`select count(*) as n from audit_log where entity_type = 'funding_payment'`
			).n
		).toBe(3);
	});

	it('a partner settles only its own lines', () => {
		const partner = { id: 1, role: 'partenaire' as const, organisationId: 5, programmeIds: [] };
		expect(can(partner, 'confirm_payment', { kind: 'funding_line', funderId: 5 })).toBe(true);
		expect(can(partner, 'confirm_payment', { kind: 'funding_line', funderId: 6 })).toBe(false);
		expect(
			can({ ...partner, role: 'elu' }, 'confirm_payment', { kind: 'funding_line', funderId: 5 })
		).toBe(false);
	});

	it('refuses zero and negative payments', () => {
		expect(
			paymentSchema.safeParse({ id: '1', version: '1', amount: '0', paidOn: '2024-01-01' }).success
		).toBe(false);
		expect(
			paymentSchema.safeParse({ id: '1', version: '1', amount: '-5', paidOn: '2024-01-01' }).success
		).toBe(false);
	});
});

describe('a national funder’s portal', () => {
	it('adds up every line in the database and shows them page by page', () => {
		const f = factory();
		const funder = f.organisation({ slug: 'funder' });
		// 40 programmes, 3 lines each: 120 lines, half of them committed, one partly paid
		let n = 0;
		for (let p = 0; p < 40; p++) {
			const prog = f.programme({ shortName: `Programme ${p}` });
			const action = f.action(prog.id);
			for (let l = 0; l < 3; l++)
				f.funding({
					actionId: action.id,
					organisationId: funder.id,
					amountCents: 1_000_00,
					status: n++ % 2 ? 'committed' : 'planned',
					committedOn: n % 2 ? null : '2025-03-01',
					paidCents: n === 2 ? 400_00 : 0
				});
		}
		const first = portal(f.db, funder.id);
		expect(first.totals).toMatchObject({
			lines: 120,
			totalCents: 120_000_00,
			plannedCents: 60_000_00,
			committedCents: 60_000_00,
			paidCents: 400_00,
			remainingCents: 60_000_00 - 400_00
		});
		expect([first.lines.length, first.page, first.pages]).toEqual([PORTAL_PAGE, 1, 3]);
		const last = portal(f.db, funder.id, 99);
		expect([last.page, last.lines.length]).toEqual([3, 120 - 2 * PORTAL_PAGE]);
		// no line twice, none forgotten
		const ids = [1, 2, 3].flatMap((page) => portal(f.db, funder.id, page).lines.map((l) => l.id));
		expect(new Set(ids).size).toBe(120);
		// in the order the funder's lines are listed everywhere else (programme, action, position)
		expect(ids).toEqual(listFundingLines(f.db, { organisationId: funder.id }).map((l) => l.id));
		// the largest programmes by name, the others added up on one line
		expect(first.byProgramme).toHaveLength(PORTAL_PROGRAMMES + 1);
		expect(first.byProgramme.at(-1)).toMatchObject({
			key: `Autres programmes (${40 - PORTAL_PROGRAMMES})`,
			totalCents: (40 - PORTAL_PROGRAMMES) * 3_000_00
		});
		expect(first.byProgramme.reduce((s, r) => s + r.totalCents, 0)).toBe(120_000_00);
		expect(first.byYear.map((y) => y.key)).toEqual(['2025', 'non daté']);
	});

	it('keeps its totals while others write, and follows every change to the funder’s own lines', () => {
		const f = factory();
		const funder = f.organisation({ slug: 'funder' });
		const other = f.organisation({ slug: 'other' });
		const a = f.programme({ slug: 'a', shortName: 'Programme A' });
		const b = f.programme({ slug: 'b', shortName: 'Programme B' });
		const actionA = f.action(a.id);
		const actionB = f.action(b.id);
		const line = f.funding({
			actionId: actionA.id,
			organisationId: funder.id,
			amountCents: 100_00
		});
		const first = portal(f.db, funder.id);
		expect(first.totals.totalCents).toBe(100_00);
		// another funder's line and a milestone: the same totals, not recomputed
		f.funding({ actionId: actionA.id, organisationId: other.id, amountCents: 7_00 });
		f.milestone({ actionId: actionA.id });
		expect(portal(f.db, funder.id).totals).toBe(first.totals);
		// its own lines: added, changed, moved to another funder, deleted
		const added = f.funding({
			actionId: actionB.id,
			organisationId: funder.id,
			amountCents: 50_00
		});
		expect(portal(f.db, funder.id).totals.totalCents).toBe(150_00);
		f.db.$client
			.prepare('update funding_lines set amount_cents = 60_00 where id = ?')
			.run(added.id);
		expect(portal(f.db, funder.id).totals.totalCents).toBe(160_00);
		f.db.$client
			.prepare('update funding_lines set organisation_id = ? where id = ?')
			.run(other.id, added.id);
		expect(portal(f.db, funder.id).totals.totalCents).toBe(100_00);
		// a programme renamed, an action moved to another programme
		f.db.$client
			.prepare("update programmes set short_name = 'Programme A2' where id = ?")
			.run(a.id);
		expect(portal(f.db, funder.id).byProgramme.map((r) => r.key)).toEqual(['Programme A2']);
		f.db.$client
			.prepare('update action_items set programme_id = ? where id = ?')
			.run(b.id, actionA.id);
		expect(portal(f.db, funder.id).byProgramme.map((r) => r.key)).toEqual(['Programme B']);
		f.db.$client.prepare('delete from funding_lines where id = ?').run(line.id);
		expect(portal(f.db, funder.id).totals.lines).toBe(0);
	});

	it('lists a page of lines with their current titles, in the current order', () => {
		const f = factory();
		const funder = f.organisation({ slug: 'funder' });
		const a = f.programme({ slug: 'a', shortName: 'Programme A', position: 1 });
		const b = f.programme({ slug: 'b', shortName: 'Programme B', position: 2 });
		const actionA = f.action(a.id, { title: 'Action A' });
		const actionB = f.action(b.id, { title: 'Action B' });
		const lineA = f.funding({
			actionId: actionA.id,
			organisationId: funder.id,
			amountCents: 10_00
		});
		const lineB = f.funding({
			actionId: actionB.id,
			organisationId: funder.id,
			amountCents: 20_00
		});
		const ids = () => portal(f.db, funder.id).lines.map((l) => l.id);
		expect(ids()).toEqual([lineA.id, lineB.id]);
		// an action renamed (its programme's version only): the line shows the new title
		f.db.$client
			.prepare("update action_items set title = 'Action A renommée' where id = ?")
			.run(actionA.id);
		expect(portal(f.db, funder.id).lines[0].actionTitle).toBe('Action A renommée');
		// the programmes' order changed: the lines follow
		f.db.$client.prepare('update programmes set position = 3 where id = ?').run(a.id);
		expect(ids()).toEqual([lineB.id, lineA.id]);
		// a line moved within its programme's order, and a new line
		const lineB2 = f.funding({
			actionId: actionB.id,
			organisationId: funder.id,
			amountCents: 30_00
		});
		f.db.$client.prepare('update funding_lines set position = -1 where id = ?').run(lineB2.id);
		expect(ids()).toEqual([lineB2.id, lineB.id, lineA.id]);
	});
});

describe('funding plans to check', () => {
	it('Terre-Rouge phase 1 balances; undated lines and a missing total are flagged', () => {
		const db = seededDb();
		const plans = plansToCheck(db);
		const tr = plans.find((p) => p.slug === 'terre-rouge-tranche-1')!;
		expect(tr.check.balanced).toBe(true);
		expect(tr.check.gapCents).toBe(0);
		expect(tr.check.warnings).toEqual([
			'4 lignes sans aucune date (prévue, demandée, engagée ou versée).'
		]);
		const op = db
			.select()
			.from(t.operations)
			.where(eq(t.operations.slug, 'terre-rouge-tranches-2-3'))
			.get()!;
		db.insert(t.fundingLines)
			.values({
				operationId: op.id,
				label: 'Sans financeur',
				kind: 'subsidy',
				amountCents: 100,
				tax: 'HT',
				updatedAt: 'x',
				plannedOn: '2025-01-01'
			})
			.run();
		const other = plansToCheck(db).find((p) => p.slug === 'terre-rouge-tranches-2-3')!;
		expect(other.check.warnings).toEqual([
			'1 ligne sans financeur.',
			'Coût total non renseigné : le plan ne peut pas être vérifié.'
		]);
	});
});

describe('exports open back to the same data', () => {
	it('CSV: BOM, semicolons, one row per funding line, amounts in euros', () => {
		const db = seededDb();
		const table = exportList(db, 'financements', 'terre-rouge');
		const csv = tableToCsv(table);
		expect(csv.charCodeAt(0)).toBe(0xfeff);
		const rows = parse<Record<string, string>>(csv.slice(1), { delimiter: ';', columns: true });
		expect(rows).toHaveLength(4);
		expect(rows.map((r) => Number(r['Montant (€)'])).reduce((s, n) => s + n, 0)).toBe(4_534_948);
		expect(rows[0]['Financeur']).toBe('etat');
	});

	it('XLSX: the territory workbook has every sheet and the database counts', async () => {
		const db = seededDb();
		const wb = new ExcelJS.Workbook();
		await wb.xlsx.load((await tablesToXlsx(territoryTables(db))) as unknown as ArrayBuffer);
		expect(wb.worksheets.map((w) => w.name)).toEqual([
			'Programmes',
			'Organisations',
			'Actions',
			'Jalons',
			'Financements',
			'Indicateurs'
		]);
		expect(wb.getWorksheet('Actions')!.rowCount - 1).toBe(39);
		expect(wb.getWorksheet('Jalons')!.rowCount - 1).toBe(
			db.get<{ n: number }>(sql`select count(*) as n from milestones`).n
		);
		expect(wb.getWorksheet('Actions')!.getRow(1).getCell(4).value).toBe('Titre');
	});
});

describe('SCDL subsidies export', () => {
	it('has exactly the schema columns, and rows in its formats', () => {
		const db = seededDb();
		expect(scdlCsv(scdlSubsidies(db).rows).trim()).toBe(SCDL_COLUMNS.join(','));
		// A subsidy awarded by the agglomeration, once its SIRET is known.
		db.update(t.organisations)
			.set({ siret: '20002373700018' })
			.where(eq(t.organisations.slug, 'grand-cahors'))
			.run();
		const gc = db
			.select()
			.from(t.organisations)
			.where(eq(t.organisations.slug, 'grand-cahors'))
			.get()!;
		const op = db
			.select()
			.from(t.operations)
			.where(eq(t.operations.slug, 'terre-rouge-tranche-1'))
			.get()!;
		db.insert(t.fundingLines)
			.values({
				operationId: op.id,
				organisationId: gc.id,
				label: 'Aide du Grand Cahors',
				kind: 'subsidy',
				amountCents: 5_000_050,
				tax: 'TTC',
				status: 'committed',
				committedOn: '2024-03-01',
				updatedAt: 'x'
			})
			.run();
		db.insert(t.fundingLines)
			.values({
				operationId: op.id,
				organisationId: gc.id,
				label: 'Sans date',
				kind: 'subsidy',
				amountCents: 100,
				tax: 'TTC',
				status: 'committed',
				updatedAt: 'x'
			})
			.run();
		const { rows, skipped } = scdlSubsidies(db);
		expect(skipped).toEqual([{ label: 'Sans date', missing: ['date de convention'] }]);
		const [parsed] = parse<Record<string, string>>(scdlCsv(rows), { columns: true });
		expect(Object.keys(parsed)).toEqual([...SCDL_COLUMNS]);
		expect(parsed).toMatchObject({
			nomAttribuant: "Communauté d'agglomération du Grand Cahors",
			idAttribuant: '20002373700018',
			dateConvention: '2024-03-01',
			nomBeneficiaire: 'Lot Habitat',
			montant: '50000.50',
			nature: 'aide en numéraire',
			conditionsVersement: 'Unique',
			notificationUE: 'non'
		});
		expect(parsed.idAttribuant).toMatch(/^\d{14}$/);
		expect(parsed.datesPeriodeVersement).toMatch(/^\d{4}-\d{2}-\d{2}(_\d{4}-\d{2}-\d{2})?$/);
		expect(Number(parsed.pourcentageSubvention)).toBeGreaterThan(0);
		expect(Number(parsed.pourcentageSubvention)).toBeLessThanOrEqual(1);
	});
});

describe('spreadsheet import', () => {
	const everything = (db: ReturnType<typeof seededDb>) =>
		JSON.stringify(
			['action_items', 'milestones', 'funding_lines', 'audit_log'].map((tb) =>
				db.all(sql.raw(`select * from ${tb} order by id`))
			)
		);
	const yes = () => true;
	const me = { id: null, name: 'Import test' };

	it.each(['actions', 'jalons', 'financements'] as const)(
		'export → import of %s is a no-op (CSV and XLSX)',
		async (list) => {
			const db = seededDb();
			const before = everything(db);
			const table = exportList(db, list);
			for (const [name, data] of [
				[`${list}.csv`, Buffer.from(tableToCsv(table))],
				[`${list}.xlsx`, await tablesToXlsx([table])]
			] as const) {
				const { rows } = await readSpreadsheet(name, data, importColumns(db, list));
				const r = importRows(db, list, rows, yes, me, true);
				expect(r.counts, name).toEqual({
					create: 0,
					update: 0,
					unchanged: table.rows.length,
					error: 0
				});
			}
			expect(everything(db)).toBe(before);
		}
	);

	it('a realisation date recorded without precision stays so through export and import', async () => {
		const db = seededDb();
		const id = db.get<{ id: number }>(sql`select id from milestones order by id limit 1`).id;
		db.run(
			sql`update milestones set status = 'done', actual_date = '2024-05-02', actual_precision = null where id = ${id}`
		);
		const before = everything(db);
		const table = exportList(db, 'jalons');
		const { rows } = await readSpreadsheet(
			'jalons.csv',
			Buffer.from(tableToCsv(table)),
			importColumns(db, 'jalons')
		);
		// Before: the import gave it "day", a precision no one had given, and called the row changed.
		expect(importRows(db, 'jalons', rows, yes, me, true).counts.update).toBe(0);
		expect(everything(db)).toBe(before);
		const title = db.get<{ t: string }>(sql`select title as t from milestones where id = ${id}`).t;
		const row = rows.find((r) => r.date_realisation === '2024-05-02' && r.titre === title)!;
		// A new date is a day, whatever precision the old one had.
		db.run(sql`update milestones set actual_precision = 'year' where id = ${id}`);
		row.date_realisation = '2024-05-03';
		expect(importRows(db, 'jalons', rows, yes, me, true).counts.update).toBe(1);
		expect(
			db.get<{ p: string | null }>(
				sql`select actual_precision as p from milestones where id = ${id}`
			).p
		).toBe('day');
	});

	it('a file with one bad row changes nothing; fixed, it updates rather than duplicates', async () => {
		const db = seededDb();
		const table = exportList(db, 'financements', 'terre-rouge');
		const rows = table.rows.map((r) => ({
			...Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v === null ? '' : String(v)]))
		}));
		rows[0].montant = '750000';
		rows[1].montant = '-3';
		rows.push({ ...rows[2], libelle: 'Nouvelle ligne', montant: '1000' });
		const before = everything(db);
		const bad = importRows(db, 'financements', rows, yes, me, true);
		expect(bad.written).toBe(false);
		const refused = bad.results.find((r) => r.action === 'error')!;
		expect(refused.errors).toHaveLength(1);
		expect(refused.errors[0]).toMatch(/Montant.*ne peut pas être négatif/);
		expect(everything(db)).toBe(before);
		rows[1].montant = '144000';
		const good = importRows(db, 'financements', rows, yes, me, true);
		expect(good.counts).toEqual({ create: 1, update: 1, unchanged: 3, error: 0 });
		expect(db.get<{ n: number }>(sql`select count(*) as n from funding_lines`).n).toBe(5);
		const again = importRows(db, 'financements', rows, yes, me, true);
		expect(again.counts).toEqual({ create: 0, update: 0, unchanged: 5, error: 0 });
		expect(
			db.get<{ n: number }>(sql`select count(*) as n from audit_log where actor = 'Import test'`).n
		).toBe(2);
	});

	it('refuses rows for programmes the user may not edit, unknown columns and references', async () => {
		const db = seededDb();
		const rows = exportList(db, 'actions', 'contrat-de-ville')
			.rows.slice(0, 1)
			.map((r) =>
				Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v === null ? '' : String(v)]))
			);
		expect(importRows(db, 'actions', rows, () => false, me, false).results[0].errors).toContain(
			'Vous ne pouvez pas modifier ce programme.'
		);
		expect(
			importRows(db, 'actions', [{ ...rows[0], etat: 'fini', pilote: 'inconnu' }], yes, me, false)
				.results[0].errors
		).toEqual(['État inconnu : « fini ».', 'Pilote inconnu : « inconnu ».']);
		await expect(
			readSpreadsheet(
				'a.csv',
				Buffer.from('Programme;Code\ncontrat-de-ville;1'),
				importColumns(db, 'actions')
			)
		).rejects.toThrow(/Colonnes manquantes/);
		await expect(
			readSpreadsheet('a.pdf', Buffer.from('x'), importColumns(db, 'actions'))
		).rejects.toThrow(/xlsx ou \.csv/);
	});
});
