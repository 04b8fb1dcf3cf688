import { describe, it, expect } from 'vitest';
import { seededDb } from './helpers';
import { exportList } from '../src/lib/server/exports/lists';
import { tableToCsv } from '../src/lib/server/exports/formats';
import { readSpreadsheet } from '../src/lib/server/imports/read';
import { importColumns, exportOnlyHeaders } from '../src/lib/server/imports/apply';
import { sourceDocuments } from '../src/lib/server/sources/queries';
import {
	programmesOut,
	actionsOut,
	fundingOut,
	FUNDING_COLUMNS,
	ACTION_COLUMNS
} from '../src/lib/server/api/opendata';

describe('the Sources page: every cited figure, reachable', () => {
	const db = seededDb();
	const docs = sourceDocuments(db);

	it('lists every citation of the database under its document', () => {
		const listed = new Set(docs.flatMap((d) => d.items.map((i) => i.citationId)));
		const all = db.$client.prepare('select id from citations').pluck().all() as number[];
		expect(all.length).toBeGreaterThan(150);
		expect(all.filter((id) => !listed.has(id))).toEqual([]);
	});

	it('says each partner’s role in French, never as its code', () => {
		const roles = docs.flatMap((d) => d.items).filter((i) => i.what === 'Rôle d’un partenaire');
		expect(roles.length).toBeGreaterThan(20);
		for (const r of roles)
			expect(r.label).not.toMatch(/ : (funder|lead|partner|signatory|operator|contractor)$/);
		expect(roles.map((r) => r.label)).toContain('Banque des Territoires : Financeur');
	});

	it('names documents by title and publisher, never by a local file name', () => {
		for (const d of docs) {
			expect(d.title.length).toBeGreaterThan(10);
			expect(d.url === null || /^https:\/\//.test(d.url)).toBe(true);
			expect(`${d.title} ${d.url ?? ''}`).not.toMatch(
				/\.(pdf|docx?|xlsx?|txt|md)\b|\/shared\/|seeds\//i
			);
		}
	});

	it('links each figure to a page that exists', () => {
		const exists = (href: string): boolean => {
			const action = /^\/programmes\/([^/]+)\/actions\/([^/?#]+)$/.exec(href);
			if (action)
				return Boolean(
					db.$client
						.prepare(
							'select 1 from action_items a join programmes p on p.id = a.programme_id where p.slug = ? and a.code = ?'
						)
						.get(action[1], action[2])
				);
			const programme = /^\/programmes\/([^/?#]+)$/.exec(href);
			if (programme)
				return Boolean(
					db.$client.prepare('select 1 from programmes where slug = ?').get(programme[1])
				);
			const operation = /^\/operations\/([^/?#]+)$/.exec(href);
			if (operation)
				return Boolean(
					db.$client.prepare('select 1 from operations where slug = ?').get(operation[1])
				);
			const organisation = /^\/organisations\/([^/?#]+)$/.exec(href);
			if (organisation)
				return Boolean(
					db.$client.prepare('select 1 from organisations where slug = ?').get(organisation[1])
				);
			const place = /^\/carte\?lieu=(.+)$/.exec(href);
			if (place)
				return Boolean(db.$client.prepare('select 1 from places where slug = ?').get(place[1]));
			return href === '/opah-ru/simulateur';
		};
		const items = docs.flatMap((d) => d.items);
		const linked = items.filter((i) => i.href !== null);
		expect(linked.length / items.length).toBeGreaterThan(0.9);
		expect(linked.filter((i) => !exists(i.href!)).map((i) => i.href)).toEqual([]);
	});
});

describe('provenance in the open-data API', () => {
	const db = seededDb();
	it('dates keep their precision and each programme names its source', () => {
		const cdv = programmesOut(db).find((p) => p.slug === 'contrat-de-ville')!;
		expect(cdv).toMatchObject({
			start: '2024',
			startPrecision: 'year',
			end: '2030',
			endPrecision: 'year'
		});
		expect(cdv.source).toMatch(/Contrat de ville 2024-2030 .*: « /);
	});
	it('actions and funding lines carry their source and what was inferred', () => {
		const actions = actionsOut(db, 'contrat-de-ville');
		expect(actions.every((a) => a.source !== null)).toBe(true);
		const lines = fundingOut(db, new URLSearchParams('programme=terre-rouge'));
		expect(lines.length).toBeGreaterThan(0);
		expect(lines.every((l) => typeof l.inferred === 'string' && l.source !== null)).toBe(true);
		expect(FUNDING_COLUMNS).toContain('source');
		expect(ACTION_COLUMNS).toContain('inferred');
	});
});

describe('provenance in the CSV and XLSX exports', () => {
	const db = seededDb();
	it('each list ends with its source and what was inferred, in French', () => {
		for (const list of ['actions', 'jalons', 'financements', 'indicateurs'] as const) {
			const t = exportList(db, list);
			expect(t.columns.slice(-2).map((c) => c.key)).toEqual(['source', 'deduit']);
			expect(t.rows.every((r) => r.deduit === 'non' || String(r.deduit).startsWith('oui : '))).toBe(
				true
			);
		}
		const funding = exportList(db, 'financements', 'terre-rouge').rows;
		expect(funding.every((r) => String(r.source).includes(' : « '))).toBe(true);
		// An action whose value the seed inferred says so, with the field named in French.
		const inferred = db.$client
			.prepare(
				`select a.code, a.inferred_fields as f from action_items a where a.inferred_fields <> '[]' limit 1`
			)
			.get() as { code: string; f: string } | undefined;
		expect(inferred).toBeDefined();
		const row = exportList(db, 'actions').rows.find((r) => r.code === inferred!.code)!;
		expect(String(row.deduit)).toMatch(/^oui : /);
		for (const f of JSON.parse(inferred!.f) as string[])
			expect(String(row.deduit)).not.toContain(f);
	});

	it('an export with its provenance columns imports back with nothing ignored', async () => {
		const t = exportList(db, 'financements', 'terre-rouge');
		const { unknownHeaders, rows } = await readSpreadsheet(
			'export.csv',
			Buffer.from(tableToCsv(t)),
			[...importColumns(db, 'financements'), ...exportOnlyHeaders(db, 'financements')]
		);
		expect(unknownHeaders).toEqual([]);
		expect(rows).toHaveLength(t.rows.length);
		expect(Object.keys(rows[0])).not.toContain('source');
	});
});
