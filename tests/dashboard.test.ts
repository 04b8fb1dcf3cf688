import { describe, it, expect } from 'vitest';
import { factory } from './factories';
import {
	actionsByStatusAndAxis,
	milestoneStats,
	fundingByKind,
	fundingByFunder,
	fundingByYear,
	fundingTotals,
	watchlist,
	milestonesDoneOverTime,
	timeline
} from '../src/lib/server/dashboard/queries';
import { changesSince } from '../src/lib/server/dashboard/changes';
import { recordAudit } from '../src/lib/server/audit/writer';
import { describeChange, fieldLabel, fieldValue } from '../src/lib/domain/changes';
import { seededDb } from './helpers';
import { programmeChoices } from '../src/lib/server/programmes/queries';

function world() {
	const f = factory();
	const p = f.programme({ slug: 'cdv' });
	const other = f.programme({ slug: 'acv' });
	const ax1 = f.axis(p.id, { code: '1' });
	const ax2 = f.axis(p.id, { code: '2' });
	const a1 = f.action(p.id, { axisId: ax1.id, status: 'engagee' });
	const a2 = f.action(p.id, { axisId: ax1.id, status: 'engagee' });
	const a3 = f.action(p.id, { axisId: ax2.id, status: 'non_renseigne' });
	const b1 = f.action(other.id, { status: 'terminee' });
	const state = f.organisation({ slug: 'etat', shortName: 'État' });
	const dept = f.organisation({ slug: 'dept', shortName: 'Département' });
	const op = f.operation(p.id, {
		startDate: '2023-01-01',
		startPrecision: 'year',
		endDate: '2025-01-01',
		endPrecision: 'year'
	});
	return { f, p, other, ax1, ax2, a1, a2, a3, b1, state, dept, op };
}

describe('actions by status and axis', () => {
	it('counts per axis and status, and honours filters', () => {
		const { f } = world();
		const rows = actionsByStatusAndAxis(f.db, { programme: 'cdv' });
		expect(rows.map((r) => [r.axisCode, r.status, r.n])).toEqual([
			['1', 'engagee', 2],
			['2', 'non_renseigne', 1]
		]);
		expect(actionsByStatusAndAxis(f.db, {}).reduce((s, r) => s + r.n, 0)).toBe(4);
		expect(actionsByStatusAndAxis(f.db, { programme: 'cdv', axis: '2' })).toHaveLength(1);
	});
});

describe('milestone statistics with date precision', () => {
	it('a "T4 2023" milestone is "à confirmer" only after 31 December 2023, and never "en retard" on its own', () => {
		const { f, op } = world();
		f.milestone({ operationId: op.id, plannedDate: '2023-10-01', plannedPrecision: 'quarter' });
		expect(milestoneStats(f.db, {}, '2023-12-31')).toMatchObject({ toConfirm: 0, late: 0 });
		expect(milestoneStats(f.db, {}, '2024-01-01')).toMatchObject({ toConfirm: 1, late: 0 });
		expect(milestoneStats(f.db, {}, '2026-11-25')).toMatchObject({ toConfirm: 1, late: 0 });
	});

	it('is late only once a person confirmed, after its period, that it is not done', () => {
		const { f, op } = world();
		const before = f.milestone({
			operationId: op.id,
			title: 'Confirmé avant la fin',
			plannedDate: '2023-10-01',
			plannedPrecision: 'quarter',
			confirmedAt: '2023-12-15T10:00:00.000Z'
		});
		f.milestone({
			operationId: op.id,
			title: 'Confirmé après la fin',
			plannedDate: '2023-10-01',
			plannedPrecision: 'quarter',
			confirmedAt: '2024-02-01T10:00:00.000Z'
		});
		expect(before).toBeDefined();
		expect(milestoneStats(f.db, {}, '2024-03-01')).toMatchObject({ toConfirm: 1, late: 1 });
		const w = watchlist(f.db, {}, '2024-03-01');
		expect(w.toConfirm.items.map((m) => m.title)).toEqual(['Confirmé avant la fin']);
		expect(w.late.items.map((m) => m.title)).toEqual(['Confirmé après la fin']);
	});

	it('counts done, done on time and due within 90 days', () => {
		const { f, op, a1 } = world();
		f.milestone({
			operationId: op.id,
			plannedDate: '2024-01-01',
			plannedPrecision: 'semester',
			status: 'done',
			actualDate: '2024-05-10'
		});
		f.milestone({
			operationId: op.id,
			plannedDate: '2024-01-01',
			plannedPrecision: 'quarter',
			status: 'done',
			actualDate: '2024-05-10'
		});
		f.milestone({ actionId: a1.id, plannedDate: '2024-03-01', plannedPrecision: 'month' });
		f.milestone({ actionId: a1.id, plannedDate: '2024-01-01', status: 'cancelled' });
		const s = milestoneStats(f.db, {}, '2024-02-01');
		expect(s).toEqual({
			total: 3,
			done: 2,
			donePlanned: 2,
			doneOnTime: 1,
			toConfirm: 0,
			late: 0,
			dueSoon: 1
		});
		expect(milestoneStats(f.db, { from: 2025 }, '2024-02-01').total).toBe(0);
	});
});

describe('funding aggregates', () => {
	it('sums by kind, funder and year, with committed and paid', () => {
		const { f, op, a3, b1, state, dept } = world();
		f.funding({
			operationId: op.id,
			organisationId: state.id,
			amountCents: 100_00,
			status: 'committed',
			committedOn: '2023-05-01'
		});
		f.funding({
			operationId: op.id,
			organisationId: state.id,
			amountCents: 50_00,
			status: 'paid',
			committedOn: '2023-06-01',
			paidOn: '2024-02-01'
		});
		f.funding({
			actionId: a3.id,
			organisationId: dept.id,
			amountCents: 30_00,
			kind: 'loan',
			status: 'committed',
			paidCents: 10_00,
			committedOn: '2024-01-01',
			paidOn: '2024-03-01'
		});
		f.funding({ actionId: b1.id, organisationId: null, amountCents: 7_00, status: 'planned' });

		expect(fundingTotals(f.db, {})).toEqual({
			amountCents: 187_00,
			committedCents: 180_00,
			paidCents: 60_00,
			lines: 4
		});
		expect(fundingByKind(f.db, { programme: 'cdv' }).map((r) => [r.key, r.amountCents])).toEqual([
			['subsidy', 150_00],
			['loan', 30_00]
		]);
		expect(fundingByFunder(f.db, {}).map((r) => [r.label, r.amountCents, r.paidCents])).toEqual([
			['État', 150_00, 50_00],
			['Département', 30_00, 10_00],
			['Financeur non renseigné', 7_00, 0]
		]);
		expect(fundingByYear(f.db, {})).toEqual([
			{ year: '2023', committedCents: 150_00, paidCents: 0 },
			{ year: '2024', committedCents: 30_00, paidCents: 60_00 }
		]);
		expect(fundingTotals(f.db, { funder: 'dept' }).amountCents).toBe(30_00);
		expect(fundingTotals(f.db, { programme: 'cdv', axis: '2' }).amountCents).toBe(30_00);
	});
});

describe('watch lists', () => {
	it('finds overdue, slipped (with baseline), upcoming and stale actions', () => {
		const { f, op, a1 } = world();
		f.milestone({
			operationId: op.id,
			title: 'En retard',
			plannedDate: '2023-10-01',
			plannedPrecision: 'quarter'
		});
		f.milestone({
			operationId: op.id,
			title: 'Décalé',
			plannedDate: '2024-07-01',
			plannedPrecision: 'semester',
			baselineDate: '2024-01-01',
			baselinePrecision: 'semester',
			slipReason: 'Appel d’offres infructueux'
		});
		f.milestone({
			actionId: a1.id,
			title: 'Bientôt',
			plannedDate: '2024-03-01',
			plannedPrecision: 'month'
		});
		const w = watchlist(f.db, {}, '2024-02-15');
		expect(w.toConfirm.items.map((m) => m.title)).toEqual(['En retard']);
		expect(w.toConfirm.total).toBe(1);
		expect(w.late.total).toBe(0);
		expect(w.slipped.items.map((m) => [m.title, m.slipReason])).toEqual([
			['Décalé', 'Appel d’offres infructueux']
		]);
		expect(w.upcoming.items.map((m) => m.title)).toEqual(['Bientôt']);
		// Factory actions were never confirmed by a person: all open ones are listed at once; once
		// confirmed, an action leaves the list for 90 days; finished ones are never listed.
		expect(watchlist(f.db, {}, '2026-03-01').stale.total).toBe(3);
		f.db.$client
			.prepare(`update action_items set confirmed_at = '2026-02-01T09:00:00.000Z' where id = ?`)
			.run(a1.id);
		expect(watchlist(f.db, {}, '2026-03-01').stale.items.map((a) => a.id)).not.toContain(a1.id);
		const stale = watchlist(f.db, {}, '2026-05-15').stale.items;
		expect(stale).toHaveLength(3);
		expect(stale.map((a) => a.id)).toContain(a1.id);
	});

	it('draws progress over time and the timeline from the same milestones', () => {
		const { f, op } = world();
		f.milestone({ operationId: op.id, status: 'done', actualDate: '2023-06-15' });
		f.milestone({ operationId: op.id, status: 'done', actualDate: '2023-11-02' });
		f.milestone({ operationId: op.id, status: 'done', actualDate: '2023-12-01' });
		expect(milestonesDoneOverTime(f.db, {})).toEqual([
			{ period: '2023-T2', done: 1, cumulative: 1 },
			{ period: '2023-T4', done: 2, cumulative: 3 }
		]);
		const tl = timeline(f.db, {}, '2023-06-01');
		expect(tl.filter((r) => r.kind === 'operation')).toHaveLength(1);
		expect(tl.filter((r) => r.kind === 'milestone')).toHaveLength(3);
	});
});

describe('what changed since', () => {
	it('sorts audit entries into categories and ignores older ones', () => {
		const { f, op, a1 } = world();
		const m = f.milestone({
			operationId: op.id,
			plannedDate: '2024-01-01',
			plannedPrecision: 'quarter'
		});
		const fl = f.funding({ operationId: op.id, amountCents: 500_00, status: 'planned' });
		const log = (
			at: string,
			entityType: string,
			entityId: number,
			operation: 'create' | 'update',
			before: object | null,
			after: object
		) =>
			recordAudit(f.db, {
				actor: 'Test',
				at,
				entityType,
				entityId,
				operation,
				before: before as never,
				after: after as never
			});
		log(
			'2024-01-01T00:00:00Z',
			'action',
			a1.id,
			'update',
			{ status: 'non_renseigne' },
			{ status: 'engagee' }
		);
		log(
			'2024-03-01T00:00:00Z',
			'milestone',
			m.id,
			'update',
			{ status: 'planned' },
			{ status: 'done', actualDate: '2024-02-20', actualPrecision: 'day' }
		);
		log(
			'2024-03-02T00:00:00Z',
			'milestone',
			m.id,
			'update',
			{ plannedDate: '2024-01-01', plannedPrecision: 'quarter' },
			{ plannedDate: '2024-07-01', plannedPrecision: 'quarter', slipReason: 'Intempéries' }
		);
		log(
			'2024-03-03T00:00:00Z',
			'funding_line',
			fl.id,
			'update',
			{ status: 'planned', amountCents: 500_00 },
			{ status: 'committed', amountCents: 450_00 }
		);
		log('2024-03-04T00:00:00Z', 'action', a1.id, 'update', { progress: null }, { progress: 40 });
		const { changes } = changesSince(f.db, '2024-02-01');
		expect(changes.map((c) => c.category).sort()).toEqual([
			'funding',
			'milestone_done',
			'milestone_slipped',
			'progress'
		]);
		expect(changes.find((c) => c.category === 'milestone_slipped')!.text).toContain(
			'décalé de 6 mois'
		);
		expect(changes.find((c) => c.category === 'progress')!.text).toBe(
			'Avancement : non renseigné → 40 %'
		);
		expect(changesSince(f.db, '2024-02-01', 'acv').changes).toHaveLength(0);

		// Read again after a write: the new entry is put in words, the others are still there.
		log('2024-03-05T00:00:00Z', 'action', a1.id, 'update', { progress: 40 }, { progress: 55 });
		const again = changesSince(f.db, '2024-02-01').changes;
		expect(again).toHaveLength(5);
		expect(again.filter((c) => c.category === 'progress').map((c) => c.text)).toEqual([
			'Avancement : 40 % → 55 %',
			'Avancement : non renseigné → 40 %'
		]);
		// Another database whose entries have the same ids says its own changes, not these.
		const other = world();
		for (const [i, from] of [10, 20, 30, 40].entries())
			recordAudit(other.f.db, {
				actor: 'Test',
				at: `2024-03-0${i + 1}T00:00:00Z`,
				entityType: 'action',
				entityId: other.a1.id,
				operation: 'update',
				before: { progress: from },
				after: { progress: from + 5 }
			});
		expect(changesSince(other.f.db, '2024-02-01').changes.map((c) => c.text)).toEqual([
			'Avancement : 40 % → 45 %',
			'Avancement : 30 % → 35 %',
			'Avancement : 20 % → 25 %',
			'Avancement : 10 % → 15 %'
		]);
	});

	it('describes a new funding line with its amount', () => {
		const [c] = describeChange({
			entityType: 'funding_line',
			operation: 'create',
			before: null,
			after: { amountCents: 72_000_000, status: 'planned' }
		});
		expect(c.category).toBe('funding');
		expect(c.text.replace(/[\u00a0\u202f]/g, ' ')).toBe('Ligne ajoutée : 720 000 € (Prévu)');
	});
});

describe('"ce qui a changé" in words', () => {
	it('groups the initial import of the documents into one line', () => {
		const db = seededDb();
		const { changes } = changesSince(db, '2000-01-01');
		const seed = changes.filter((c) => c.text.startsWith('Import initial des données'));
		expect(seed).toHaveLength(1);
		expect(seed[0].text).toMatch(/^Import initial des données : \d+ éléments$/);
		expect(changes).toHaveLength(1);
	});

	it('says a confirmation in words, and never shows a raw field name or code', () => {
		expect(
			describeChange({
				entityType: 'milestone',
				operation: 'update',
				before: { version: 1 },
				after: { confirmedAt: '2026-11-25T08:00:00.000Z', confirmedBy: 3, version: 2 }
			})
		).toEqual([{ category: 'other', text: 'État confirmé : toujours prévu, pas encore réalisé' }]);
		expect(fieldLabel('actualPrecision')).toBe('Précision de la réalisation');
		expect(fieldLabel('__proto__')).toBe('Autre donnée');
		expect(fieldValue('milestone', 'status', 'in_progress')).toBe('En cours');
		expect(fieldValue('funding_line', 'status', 'committed')).toBe('Engagé');
		expect(fieldValue('milestone', 'plannedPrecision', 'quarter')).toMatch(/trimestre/i);
		expect(fieldValue('funding_line', 'amountCents', 14400000)).toMatch(/^144\s000\s€$/);
		expect(fieldValue('milestone', 'actualDate', null)).toBe('non renseigné');
	});
});

describe('programme filters', () => {
	it('offer the list up to 100 programmes, a text field past them', () => {
		const f = factory();
		for (let i = 0; i < 100; i++) f.programme({ slug: `p${i}` });
		const hundred = programmeChoices(f.db);
		expect(hundred.many).toBe(false);
		expect(hundred.options).toHaveLength(100);
		expect(hundred.options[0]).toEqual({ slug: 'p0', shortName: expect.any(String) });
		f.programme({ slug: 'p100' });
		expect(programmeChoices(f.db)).toEqual({ many: true, options: [] });
	});
});
