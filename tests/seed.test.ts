import { describe, it, expect } from 'vitest';
import { sql } from 'drizzle-orm';
import { seededDb } from './helpers';

const db = seededDb();
const all = <T>(q: ReturnType<typeof sql>) => db.all<T>(q);
const one = <T>(q: ReturnType<typeof sql>) => db.get<T>(q);

describe('seed: the real data', () => {
	it('loads the 17 Contrat de ville actions in 5 orientations', () => {
		const rows = all<{ axis: string; n: number }>(sql`
			select a.code as axis, count(*) as n from action_items i
			join axes a on a.id = i.axis_id join programmes p on p.id = i.programme_id
			where p.slug = 'contrat-de-ville' group by a.code order by a.code`);
		expect(rows.map((r) => r.n)).toEqual([5, 3, 4, 3, 2]);
		expect(rows.reduce((s, r) => s + r.n, 0)).toBe(17);
	});

	it('loads the 22 Action Cœur de Ville fiches: 1-19 and three "action 2019"', () => {
		const rows = all<{ code: string; maturity: string | null }>(sql`
			select i.code, i.maturity from action_items i join programmes p on p.id = i.programme_id
			where p.slug = 'action-coeur-de-ville' order by i.position`);
		expect(rows).toHaveLength(22);
		expect(rows.filter((r) => r.maturity === 'Action 2019')).toHaveLength(3);
		expect(rows.slice(0, 19).map((r) => r.code)).toEqual(
			Array.from({ length: 19 }, (_, i) => String(i + 1))
		);
	});

	it('lists the 20 signatories of the Contrat de ville', () => {
		const row = one<{ n: number }>(sql`
			select count(distinct po.organisation_id) as n from programme_organisations po
			join programmes p on p.id = po.programme_id where p.slug = 'contrat-de-ville' and po.role = 'signatory'`);
		expect(row.n).toBe(20);
	});

	it('has the Terre-Rouge phase-1 plan: four lines adding up to 4 534 948 € TTC', () => {
		const op = one<{ id: number; total: number; tax: string }>(sql`
			select id, total_cost_cents as total, total_cost_tax as tax from operations where slug = 'terre-rouge-tranche-1'`);
		const lines = all<{ amount: number; tax: string }>(sql`
			select amount_cents as amount, tax from funding_lines where operation_id = ${op.id}`);
		expect(op.total).toBe(453_494_800);
		expect(op.tax).toBe('TTC');
		expect(lines).toHaveLength(4);
		expect(lines.reduce((s, l) => s + l.amount, 0)).toBe(op.total);
		expect(lines.every((l) => l.tax === 'TTC')).toBe(true);
	});

	it('gives buildings B, C and D their dated work steps', () => {
		const rows = all<{ code: string; n: number }>(sql`
			select b.code, count(w.id) as n from buildings b join work_items w on w.building_id = b.id
			group by b.code order by b.code`);
		expect(rows.map((r) => r.code)).toEqual(['B', 'C', 'D']);
		expect(rows.every((r) => r.n >= 7)).toBe(true);
		const precisions = all<{ p: string }>(
			sql`select distinct planned_precision as p from milestones where planned_precision is not null order by p`
		);
		expect(precisions.map((r) => r.p)).toEqual(['month', 'quarter', 'semester', 'year']);
	});

	it('claims no state and no date the documents do not give', () => {
		// The press release dates the work steps; it says nothing of their progress.
		const steps = all<{ code: string; status: string }>(
			sql`select code, status from milestones where code like 'etape-%' order by code`
		);
		expect(steps.length).toBeGreaterThanOrEqual(3);
		expect(steps.map((s) => s.status)).toEqual(steps.map(() => 'planned'));
		// The concertation is told as what happened ("de novembre 2022 à juin 2023"), with no plan.
		const concertation = one<{ planned: string | null; actual: string }>(
			sql`select planned_date as planned, actual_date as actual from milestones where code = 'concertation'`
		);
		expect(concertation).toEqual({ planned: null, actual: '2023-06-01' });
		// No document names who leads action 8 of the Contrat de ville.
		const lead = one<{ lead: number | null }>(sql`
			select a.lead_organisation_id as lead from action_items a join programmes p on p.id = a.programme_id
			where p.slug = 'contrat-de-ville' and a.code = '8'`);
		expect(lead.lead).toBeNull();
	});

	it('points every seeded figure to a source document', () => {
		const orphans = one<{ n: number }>(sql`
			select (select count(*) from funding_lines where citation_id is null)
				+ (select count(*) from indicator_values where citation_id is null)
				+ (select count(*) from milestones where citation_id is null)
				+ (select count(*) from envelopes where citation_id is null)
				+ (select count(*) from action_items where citation_id is null)
				+ (select count(*) from reference_figures where citation_id is null)
				+ (select count(*) from operations where total_cost_cents is not null and total_cost_citation_id is null)
				+ (select count(*) from indicators where target is not null and target_citation_id is null)
				+ (select count(*) from action_items where status <> 'non_renseigne' and status_citation_id is null) as n`);
		expect(orphans.n).toBe(0);
		const quotes = all<{ title: string; quote: string }>(sql`
			select d.title, c.quote from citations c join documents d on d.id = c.document_id`);
		expect(quotes.length).toBeGreaterThan(100);
	});

	it('describes documents by title, publisher and date, never by a local file name', () => {
		const docs = all<Record<string, string | null>>(sql`select * from documents`);
		expect(docs.length).toBe(6);
		for (const d of docs) {
			expect(d.title).toBeTruthy();
			for (const value of Object.values(d))
				expect(String(value)).not.toMatch(/\.(txt|md|pdf)$|seeds|shared\//);
		}
	});

	it('never guesses a progress percentage', () => {
		const row = one<{ n: number }>(
			sql`select count(*) as n from action_items where progress is not null`
		);
		expect(row.n).toBe(0);
	});

	it('stores every OPAH-RU rent ceiling from 20 to 120 m² and the income ceilings', () => {
		const rent = all<{ s: number }>(sql`select surface_m2 as s from opah_rent_ceilings order by s`);
		expect(rent.map((r) => r.s)).toEqual(Array.from({ length: 101 }, (_, i) => i + 20));
		const income = one<{ n: number }>(sql`select count(*) as n from opah_income_ceilings`);
		expect(income.n).toBe(7);
	});

	it('marks inferred places and keeps them linked to what they locate', () => {
		const row = one<{ inferred: number; total: number; unlinked: number }>(sql`
			select sum(inferred) as inferred, count(*) as total,
				(select count(*) from places p where not exists (select 1 from place_links l where l.place_id = p.id)
					and p.kind not in ('boundary')) as unlinked from places`);
		expect(row.inferred).toBeGreaterThan(10);
		expect(row.unlinked).toBe(0);
	});

	it('records the seed in the audit log', () => {
		const row = one<{ n: number }>(
			sql`select count(*) as n from audit_log where operation = 'create'`
		);
		expect(row.n).toBeGreaterThan(50);
	});
});
