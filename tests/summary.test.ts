import { describe, it, expect } from 'vitest';
import { factory } from './factories';
import { dashboardAggregates } from '../src/lib/server/dashboard/summary';
import { programmeCards } from '../src/lib/server/programmes/queries';
import {
	combinePartials,
	computeAggregates,
	dashboardPartials,
	dueWithin,
	mergePartials
} from '../src/lib/server/dashboard/queries';

const TODAY = '2026-11-25';

function versionOf(f: ReturnType<typeof factory>, scope: string): number {
	return (
		(
			f.db.$client.prepare('select version from data_versions where scope = ?').get(scope) as
				{ version: number } | undefined
		)?.version ?? 0
	);
}

function world() {
	const f = factory();
	const a = f.programme({ slug: 'a' });
	const b = f.programme({ slug: 'b', kind: 'action_coeur_de_ville' });
	const state = f.organisation({ slug: 'etat', shortName: 'État' });
	const actionA = f.action(a.id, { status: 'engagee' });
	const actionB = f.action(b.id, { status: 'terminee' });
	const op = f.operation(b.id);
	return { f, a, b, state, actionA, actionB, op };
}

describe('data versions kept by the database', () => {
	it('a write to a programme bumps that programme, whoever writes, and leaves the others', () => {
		const { f, a, b, actionA, op } = world();
		const [va, vb, all] = [
			versionOf(f, `programme:${a.id}`),
			versionOf(f, `programme:${b.id}`),
			versionOf(f, 'all')
		];
		f.milestone({ actionId: actionA.id, plannedDate: '2026-01-01', plannedPrecision: 'month' });
		expect(versionOf(f, `programme:${a.id}`)).toBeGreaterThan(va);
		expect(versionOf(f, `programme:${b.id}`)).toBe(vb);
		expect(versionOf(f, 'all')).toBeGreaterThan(all);
		// through an operation, and by a plain SQL statement (an import, a script)
		const vb2 = versionOf(f, `programme:${b.id}`);
		f.funding({ operationId: op.id, amountCents: 100 });
		f.db.$client.prepare('update operations set status = ? where id = ?').run('en_cours', op.id);
		expect(versionOf(f, `programme:${b.id}`)).toBeGreaterThan(vb2);
		// deleting bumps too, and a name every programme shows bumps the site
		const va2 = versionOf(f, `programme:${a.id}`);
		f.db.$client.prepare('delete from milestones where action_id = ?').run(actionA.id);
		expect(versionOf(f, `programme:${a.id}`)).toBeGreaterThan(va2);
		const site = versionOf(f, 'site');
		f.db.$client
			.prepare("update organisations set short_name = 'Préfecture' where slug = 'etat'")
			.run();
		expect(versionOf(f, 'site')).toBeGreaterThan(site);
	});
});

describe('dashboard summary', () => {
	it('answers from the summary and follows every kind of write', () => {
		const { f, a, state, actionA, actionB, op } = world();
		const m = f.milestone({
			actionId: actionA.id,
			plannedDate: '2025-01-01',
			plannedPrecision: 'year'
		});
		f.funding({ actionId: actionA.id, organisationId: state.id, amountCents: 1_000_00 });
		const first = dashboardAggregates(f.db, {}, TODAY);
		expect(first.milestones).toMatchObject({ total: 1, toConfirm: 1, done: 0 });
		expect(first.totals.amountCents).toBe(1_000_00);
		expect(first.watch.toConfirm.keys.map(([, id]) => id)).toEqual([m.id]);
		// the same object until something is written
		expect(dashboardAggregates(f.db, {}, TODAY)).toBe(first);

		f.db.$client
			.prepare("update milestones set status = 'done', actual_date = '2025-06-01' where id = ?")
			.run(m.id);
		const second = dashboardAggregates(f.db, {}, TODAY);
		expect(second.milestones).toMatchObject({ total: 1, toConfirm: 0, done: 1, doneOnTime: 1 });
		expect(second.watch.toConfirm.total).toBe(0);

		f.funding({ operationId: op.id, organisationId: state.id, amountCents: 250_00 });
		expect(dashboardAggregates(f.db, {}, TODAY).totals.amountCents).toBe(1_250_00);
		expect(dashboardAggregates(f.db, { programme: 'a' }, TODAY).totals.amountCents).toBe(1_000_00);
		expect(dashboardAggregates(f.db, { programme: 'b' }, TODAY).totals.amountCents).toBe(250_00);

		f.db.$client
			.prepare("update action_items set status = 'abandonnee' where id = ?")
			.run(actionB.id);
		const statuses = dashboardAggregates(f.db, {}, TODAY).statusRows.map((r) => r.status);
		expect(statuses).toContain('abandonnee');
		expect(statuses).not.toContain('terminee');

		f.db.$client
			.prepare("update organisations set short_name = 'Préfecture' where id = ?")
			.run(state.id);
		expect(dashboardAggregates(f.db, {}, TODAY).byFunder.map((g) => g.label)).toEqual([
			'Préfecture'
		]);
		// the next day, "à confirmer" counts are those of that day
		f.milestone({ actionId: actionA.id, plannedDate: '2026-11-25', plannedPrecision: 'day' });
		expect(dashboardAggregates(f.db, {}, TODAY).milestones.toConfirm).toBe(0);
		expect(dashboardAggregates(f.db, {}, '2026-11-26').milestones.toConfirm).toBe(1);
		expect(a.id).toBeGreaterThan(0);
	});

	it('counts on-time milestones among those that had a planned date only', () => {
		const { f, actionA } = world();
		// done, with no planned date (a document gives only what happened): neither on time nor late
		f.milestone({
			actionId: actionA.id,
			status: 'done',
			plannedDate: null,
			plannedPrecision: null,
			actualDate: '2023-06-01'
		});
		f.milestone({
			actionId: actionA.id,
			status: 'done',
			plannedDate: '2024-01-01',
			plannedPrecision: 'quarter',
			actualDate: '2024-02-10'
		});
		expect(dashboardAggregates(f.db, {}, TODAY).milestones).toMatchObject({
			done: 2,
			donePlanned: 1,
			doneOnTime: 1
		});
	});

	it('counts each milestone once, by its state, in one pass (figures written by hand)', () => {
		const { f, actionA, actionB } = world();
		const m = (over: Parameters<typeof f.milestone>[0]) => f.milestone(over);
		// to confirm: its quarter ended, nobody confirmed since
		m({
			actionId: actionA.id,
			title: 'q1',
			plannedDate: '2026-01-01',
			plannedPrecision: 'quarter'
		});
		// late: confirmed after its month ended
		m({
			actionId: actionA.id,
			title: 'jan',
			plannedDate: '2026-01-01',
			plannedPrecision: 'month',
			status: 'in_progress',
			confirmedAt: '2026-02-10T09:00:00.000Z'
		});
		// due within 90 days
		m({ actionId: actionA.id, title: 'soon', plannedDate: '2026-12-01' });
		// done within its quarter; done after its day and slipped past its baseline
		m({
			actionId: actionA.id,
			plannedDate: '2026-04-01',
			plannedPrecision: 'quarter',
			status: 'done',
			actualDate: '2026-05-15'
		});
		m({
			actionId: actionA.id,
			title: 'slip',
			plannedDate: '2026-03-01',
			baselineDate: '2026-01-01',
			status: 'done',
			actualDate: '2026-04-02'
		});
		// cancelled: not counted at all; done without a planned date; far in the future
		m({ actionId: actionA.id, plannedDate: '2025-01-01', status: 'cancelled' });
		m({ actionId: actionA.id, plannedDate: null, status: 'done', actualDate: '2025-11-30' });
		m({ actionId: actionA.id, plannedDate: '2027-06-01' });
		// another programme: confirmed before its day ended proves nothing
		m({
			actionId: actionB.id,
			title: 'b',
			plannedDate: '2026-06-01',
			confirmedAt: '2026-05-01T09:00:00.000Z'
		});
		const agg = computeAggregates(f.db, {}, TODAY);
		expect(agg.milestones).toEqual({
			total: 8,
			done: 3,
			donePlanned: 2,
			doneOnTime: 1,
			toConfirm: 2,
			late: 1,
			dueSoon: 1
		});
		expect(agg.doneOverTime).toEqual([
			{ period: '2025-T4', done: 1, cumulative: 1 },
			{ period: '2026-T2', done: 2, cumulative: 3 }
		]);
		const titles = (l: keyof typeof agg.watch) =>
			agg.watch[l].keys.map(([, id]) =>
				f.db.$client.prepare('select title from milestones where id = ?').pluck().get(id)
			);
		expect(titles('toConfirm')).toEqual(['q1', 'b']);
		expect(titles('late')).toEqual(['jan']);
		expect(titles('slipped')).toEqual(['slip']);
		expect(titles('upcoming')).toEqual(['soon']);
		expect(agg.watch.toConfirm.total).toBe(2);
	});

	it('ranks watch items across programmes by date, counting every programme', () => {
		const { f, actionA, actionB } = world();
		for (let i = 0; i < 30; i++)
			f.milestone({
				actionId: i % 2 ? actionA.id : actionB.id,
				title: `J${i}`,
				plannedDate: `2020-${String(1 + (i % 12)).padStart(2, '0')}-01`,
				plannedPrecision: 'month'
			});
		const agg = dashboardAggregates(f.db, {}, TODAY);
		expect(agg.watch.toConfirm.total).toBe(30);
		const dates = agg.watch.toConfirm.keys.map(([k]) => k);
		expect(dates).toHaveLength(25);
		expect([...dates].sort()).toEqual(dates);
		// the five left out are the latest ones
		expect(dates.at(-1)! <= '2020-12-01').toBe(true);
		expect(dates.filter((d) => d === '2020-12-01').length).toBeLessThan(3);
	});

	it('adds up a country of programmes in buckets, recombining only what a write touched', () => {
		const f = factory();
		const state = f.organisation({ slug: 'etat', shortName: 'État' });
		const region = f.organisation({ slug: 'region', shortName: 'Région' });
		const actions = Array.from({ length: 150 }, (_, i) => {
			const p = f.programme({
				slug: `p${i}`,
				kind: i % 3 ? 'contrat_de_ville' : 'action_coeur_de_ville'
			});
			const a = f.action(p.id, { status: i % 2 ? 'engagee' : 'terminee' });
			f.milestone({
				actionId: a.id,
				title: `J${i}`,
				plannedDate: `20${10 + (i % 15)}-01-01`,
				plannedPrecision: 'year',
				...(i % 4 === 0 ? { status: 'done', actualDate: '2024-03-01' } : {})
			});
			f.funding({
				actionId: a.id,
				organisationId: i % 2 ? state.id : region.id,
				amountCents: (i + 1) * 100
			});
			return a;
		});
		const national = dashboardAggregates(f.db, {}, TODAY);
		// 150 programmes, one milestone and one line each, 1 + 2 + … + 150 euros
		expect(national.milestones.total).toBe(150);
		expect(national.milestones.done).toBe(38);
		expect(national.totals.amountCents).toBe((150 * 151 * 100) / 2);
		expect(national.status.programmes).toBe(150);
		expect(national.watch.toConfirm.total).toBe(112);
		expect(national.watch.toConfirm.keys).toHaveLength(25);
		expect(national).toEqual(computeAggregates(f.db, {}, TODAY));

		// A write to a programme of the second bucket: the same figures as a merge of every programme.
		f.funding({ actionId: actions[100].id, organisationId: state.id, amountCents: 5_000_00 });
		f.milestone({
			actionId: actions[100].id,
			title: 'Le plus ancien',
			plannedDate: '2001-01-01',
			plannedPrecision: 'year'
		});
		const after = dashboardAggregates(f.db, {}, TODAY);
		expect(after.totals.amountCents).toBe((150 * 151 * 100) / 2 + 5_000_00);
		expect(after.milestones.total).toBe(151);
		expect(after.watch.toConfirm.keys[0][0]).toBe('2001-01-01');
		expect(after).toEqual(computeAggregates(f.db, {}, TODAY));

		// Edited again, with a neighbour of its bucket and programmes of five other buckets at once:
		// the programmes kept one by one and those recomputed add up to the same figures.
		f.funding({ actionId: actions[100].id, organisationId: region.id, amountCents: 7_00 });
		f.funding({ actionId: actions[101].id, organisationId: region.id, amountCents: 3_00 });
		expect(dashboardAggregates(f.db, {}, TODAY)).toEqual(computeAggregates(f.db, {}, TODAY));
		for (const i of [0, 20, 40, 60, 80, 140])
			f.db.$client
				.prepare('update action_items set status = ? where id = ?')
				.run('abandonnee', actions[i].id);
		const many = dashboardAggregates(f.db, {}, TODAY);
		expect(many.totals.amountCents).toBe((150 * 151 * 100) / 2 + 5_000_00 + 10_00);
		expect(many).toEqual(computeAggregates(f.db, {}, TODAY));
		f.db.$client.prepare('delete from milestones where title = ?').run('Le plus ancien');
		expect(dashboardAggregates(f.db, {}, TODAY)).toEqual(computeAggregates(f.db, {}, TODAY));
	});

	it('keeps the actions of more programmes than the dashboard details by kind, not programme by programme', () => {
		const f = factory();
		for (let i = 0; i < 20; i++) {
			const p = f.programme({
				slug: `p${i}`,
				kind: i < 15 ? 'contrat_de_ville' : 'action_coeur_de_ville'
			});
			// two axes' worth of rows per programme: engagee and terminee, plus one more for some
			f.action(p.id, { status: 'engagee' });
			f.action(p.id, { status: 'terminee' });
			if (i % 4 === 0) f.action(p.id, { status: 'abandonnee' });
		}
		const parts = [...dashboardPartials(f.db, {}, TODAY).values()];
		expect(parts).toHaveLength(20);
		const first = combinePartials(parts.slice(0, 13));
		const second = combinePartials(parts.slice(13));
		// 13 programmes: past the 12 the dashboard details, rows by kind and status only
		expect(first.grouped).toEqual({ programmes: 13, byKind: { contrat_de_ville: 13 } });
		expect(first.statusRows.map((r) => `${r.kind}|${r.status}|${r.n}`).sort()).toEqual([
			'contrat_de_ville|abandonnee|4',
			'contrat_de_ville|engagee|13',
			'contrat_de_ville|terminee|13'
		]);
		// 7 programmes: still detailed
		expect(second.grouped).toBeUndefined();
		expect(second.statusRows).toHaveLength(15);
		// merged, the two give what every programme gives
		const merged = mergePartials([first, second]);
		expect(merged).toEqual(mergePartials(parts));
		expect(merged.status.programmesOfKind).toEqual({
			contrat_de_ville: 15,
			action_coeur_de_ville: 5
		});
		expect(merged).toEqual(computeAggregates(f.db, {}, TODAY));
	});

	it('lists every milestone due within 30 days, not only the first of the 90-day watch list', () => {
		const { f, actionA, actionB } = world();
		// TODAY is 2026-11-25: 30 day milestones from 26 November to 24 December
		for (let i = 0; i < 30; i++)
			f.milestone({
				actionId: i % 2 ? actionA.id : actionB.id,
				title: `J${i}`,
				plannedDate: new Date(Date.UTC(2026, 10, 26 + i)).toISOString().slice(0, 10),
				plannedPrecision: 'day'
			});
		// due by the end of its period: December ends after the 30 days, November within them
		f.milestone({ actionId: actionA.id, plannedDate: '2026-12-01', plannedPrecision: 'month' });
		f.milestone({ actionId: actionA.id, plannedDate: '2026-11-01', plannedPrecision: 'month' });
		// done, or already past: not due
		f.milestone({
			actionId: actionA.id,
			plannedDate: '2026-11-30',
			plannedPrecision: 'day',
			status: 'done',
			actualDate: '2026-11-20'
		});
		f.milestone({ actionId: actionA.id, plannedDate: '2026-11-20', plannedPrecision: 'day' });
		const due = dueWithin(f.db, {}, TODAY, 30);
		expect(due.total).toBe(31);
		expect(due.items).toHaveLength(25);
		expect(due.items[0].plannedDate).toBe('2026-11-01');
		expect(due.items.map((m) => m.plannedDate)).toEqual(
			[...due.items.map((m) => m.plannedDate)].sort()
		);
		expect(dueWithin(f.db, { programme: 'b' }, TODAY, 30).total).toBe(15);
	});

	it('keeps the programme cards until one of the programmes shown changes', () => {
		const { f, a, actionA, actionB } = world();
		const first = programmeCards(f.db, TODAY, 1);
		expect(first.map((p) => p.slug)).toEqual(['a']);
		// a programme not shown: the same cards, not recomputed
		f.milestone({ actionId: actionB.id, plannedDate: '2026-12-01' });
		expect(programmeCards(f.db, TODAY, 1)).toBe(first);
		// the programme shown: its next milestone appears; renamed: its new name
		f.milestone({ actionId: actionA.id, title: 'Prochain', plannedDate: '2026-12-01' });
		expect(programmeCards(f.db, TODAY, 1)[0].upcoming.map((m) => m.title)).toEqual(['Prochain']);
		f.db.$client.prepare("update programmes set short_name = 'A bis' where id = ?").run(a.id);
		expect(programmeCards(f.db, TODAY, 1)[0].shortName).toBe('A bis');
		// another day
		expect(programmeCards(f.db, '2027-01-15', 1)[0].upcoming).toEqual([]);
	});
});
