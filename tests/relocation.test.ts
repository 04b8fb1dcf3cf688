import { describe, it, expect } from 'vitest';
import { sql } from 'drizzle-orm';
import { seededDb } from './helpers';
import { isMasked } from '../src/lib/domain/disclosure';
import {
	caseSchema,
	createCase,
	updateCase,
	listCases,
	relocationAggregates,
	relocationTeamStats,
	purgeClosedCases
} from '../src/lib/server/relocation/cases';
import { relocationStats, caseStatus } from '../src/lib/domain/relocation';
import { can } from '../src/lib/server/auth/permissions';

const team = { id: null, name: 'Chargée de relogement' };
const blank = {
	code: 'M-001',
	householdSize: '3',
	building: '',
	staircase: '',
	diagnosisOn: '',
	solutionType: '',
	landlord: '',
	proposalsMade: '0',
	proposalsRefused: '0',
	proposalAcceptedOn: '',
	movedOn: '',
	returnedOn: '',
	closedOn: ''
};
const opId = (db: ReturnType<typeof seededDb>) =>
	db.get<{ id: number }>(sql`select id from operations where slug = 'terre-rouge-tranches-2-3'`).id;

describe('the case form refuses personal data', () => {
	it.each([
		['a name in the code', { code: 'Famille Martin' }, /Code pseudonyme/],
		['an e-mail', { code: 'martin@mail.fr' }, /e-mail/],
		['a phone number', { code: '06 12 34 56 78' }, /téléphone/],
		['an international phone number', { code: '+33 6 12 34 56 78' }, /téléphone/],
		['free text in the staircase', { staircase: 'malade, chez sa fille' }, /Cage/],
		['an unknown field (free text)', { commentaire: 'revenus faibles' }, /./]
	])('%s', (_, over, message) => {
		const r = caseSchema.safeParse({ ...blank, ...over });
		expect(r.success).toBe(false);
		expect(r.error!.issues.map((i) => i.message).join(' ')).toMatch(message);
	});
	it('accepts a pseudonymous case and checks the order of its dates', () => {
		expect(caseSchema.safeParse(blank).success).toBe(true);
		const r = caseSchema.safeParse({ ...blank, diagnosisOn: '2026-03-01', movedOn: '2026-01-01' });
		expect(r.success).toBe(false);
	});
});

describe('durations and aggregates', () => {
	const c = (
		diagnosisOn: string | null,
		movedOn: string | null,
		proposalsMade = 1,
		returnedOn: string | null = null
	) => ({ diagnosisOn, movedOn, returnedOn, proposalsMade });
	it('computes mean and longest time from diagnosis to move, and cases waiting too long', () => {
		const s = relocationStats(
			[
				c('2026-01-01', '2026-09-01', 2),
				c('2026-01-01', '2026-03-02', 1),
				c('2026-01-01', null, 3),
				c(null, null, 0),
				c('2025-01-01', '2025-06-01', 1, '2026-01-01')
			],
			'2026-10-01',
			240
		);
		expect(s.byStatus).toEqual({ a_reloger: 1, suivi: 1, reloge: 2, retourne: 1 });
		expect(s.longestDaysToMove).toBe(243);
		expect(s.meanDaysToMove).toBe(Math.round((243 + 60 + 151) / 3));
		expect(s.waitingOverThreshold).toBe(1);
		expect(s.meanProposals).toBe(1.4);
	});
	it('derives the status from the dates', () => {
		expect(caseStatus(c(null, null))).toBe('a_reloger');
		expect(caseStatus(c('2026-01-01', null))).toBe('suivi');
	});
});

describe('cases in the database', () => {
	it('creates, updates (versioned), audits every read of the list and every edit', () => {
		const db = seededDb();
		const id = opId(db);
		const created = createCase(
			db,
			id,
			[id],
			caseSchema.parse({
				...blank,
				diagnosisOn: '2026-01-10',
				solutionType: 'temporaire_retour',
				landlord: 'lot-habitat'
			}),
			team
		);
		updateCase(
			db,
			created.id,
			1,
			[id],
			caseSchema.parse({
				...blank,
				diagnosisOn: '2026-01-10',
				solutionType: 'temporaire_retour',
				movedOn: '2026-06-10',
				proposalsMade: '2'
			}),
			team
		);
		expect(() => updateCase(db, created.id, 1, [id], caseSchema.parse(blank), team)).toThrow();
		listCases(db, [id], team);
		const kinds = db.all<{ t: string; op: string }>(
			sql`select entity_type as t, operation as op from audit_log where entity_type like 'relocation%' order by id`
		);
		expect(kinds).toEqual([
			{ t: 'relocation_case', op: 'create' },
			{ t: 'relocation_case', op: 'update' }
		]);
		// Reading the list is logged apart: a read is no change, and leaves cached figures valid.
		const reads = db.all<{ t: string; detail: string }>(
			sql`select entity_type as t, detail from read_log order by id`
		);
		expect(reads).toEqual([{ t: 'relocation_case_list', detail: JSON.stringify({ cases: 1 }) }]);
		expect(
			relocationTeamStats(db, [id], { thresholdDays: 240, today: '2026-07-01' })
		).toMatchObject({ total: 1, meanDaysToMove: 151 });
		// Outside the team, one household is a secret, and so is its duration.
		expect(relocationAggregates(db, id, { thresholdDays: 240, today: '2026-07-01' })).toMatchObject(
			{ total: { masked: true }, meanDaysToMove: { masked: true } }
		);
	});

	it('purges closed cases older than the retention period, and audits the purge', () => {
		const db = seededDb();
		const id = opId(db);
		createCase(
			db,
			id,
			[id],
			caseSchema.parse({ ...blank, code: 'M-010', closedOn: '2019-05-01' }),
			team
		);
		createCase(
			db,
			id,
			[id],
			caseSchema.parse({ ...blank, code: 'M-011', closedOn: '2024-05-01' }),
			team
		);
		createCase(db, id, [id], caseSchema.parse({ ...blank, code: 'M-012' }), team);
		expect(purgeClosedCases(db, team, 5, '2026-11-24')).toBe(1);
		expect(
			db
				.all<{ code: string }>(sql`select code from relocation_cases order by code`)
				.map((r) => r.code)
		).toEqual(['M-011', 'M-012']);
		const entry = db.get<{ after: string }>(
			sql`select after from audit_log where operation = 'purge'`
		);
		expect(JSON.parse(entry.after)).toEqual({
			purged: 1,
			closedBefore: '2021-11-24',
			retentionYears: 5
		});
	});

	it('only the relocation team and admins may reach cases', () => {
		const base = { id: 1, organisationId: null, programmeIds: [1, 2, 3, 4] };
		expect(
			can({ ...base, role: 'charge_relogement' }, 'manage_relocation', { kind: 'relocation_case' })
		).toBe(true);
		expect(can({ ...base, role: 'admin' }, 'manage_relocation', { kind: 'relocation_case' })).toBe(
			true
		);
		for (const role of ['chef_de_projet', 'elu', 'partenaire'] as const) {
			expect(can({ ...base, role }, 'manage_relocation', { kind: 'relocation_case' })).toBe(false);
			expect(can({ ...base, role }, 'read', { kind: 'relocation_case' })).toBe(false);
		}
	});
});

describe('relocation figures across pages', () => {
	it('an anonymous reader cannot subtract one page’s figures from another’s', () => {
		const db = seededDb();
		const op = (slug: string) =>
			db.$client.prepare('select id from operations where slug = ?').pluck().get(slug) as number;
		const insert = db.$client.prepare(
			`insert into relocation_cases (operation_id, code, household_size, diagnosis_on, moved_on, proposals_made, updated_at)
			 values (?, ?, 2, '2025-01-10', ?, 1, '2025-06-01')`
		);
		for (let i = 0; i < 6; i++)
			insert.run(op('terre-rouge-tranche-1'), `T-${i + 1}`, `2025-0${(i % 5) + 2}-15`);
		for (let i = 0; i < 2; i++)
			insert.run(op('terre-rouge-tranches-2-3'), `U-${i + 1}`, '2025-04-01');
		const at = (scope: 'all' | number) =>
			relocationAggregates(db, scope, { thresholdDays: 240, today: '2026-07-01' });
		const residence = at(op('terre-rouge-residence'));
		const all = at('all');
		expect(residence.total).toBe(8);
		expect(all.total).toBe(8);
		// Tranche 1 alone would give tranches 2-3 away by subtraction: both are withheld.
		expect(at(op('terre-rouge-tranche-1')).total).toEqual({ masked: true });
		expect(at(op('terre-rouge-tranches-2-3')).total).toEqual({ masked: true });
		expect(at(op('terre-rouge-tranche-1')).meanDaysToMove).toEqual({ masked: true });
		// A longest duration is one household's own: never outside the team.
		expect(residence.longestDaysToMove).toEqual({ masked: true });
		expect(relocationTeamStats(db, [op('terre-rouge-tranche-1')]).total).toBe(6);
	});
});

describe('relocation breakdowns across pages (second review)', () => {
	it('statuses and waiting households are published for the territory only, and never differenced', () => {
		const db = seededDb();
		const op = (slug: string) =>
			db.$client.prepare('select id from operations where slug = ?').pluck().get(slug) as number;
		const insert = db.$client.prepare(
			`insert into relocation_cases (operation_id, code, household_size, diagnosis_on, moved_on, proposals_made, updated_at)
			 values (?, ?, 2, ?, ?, 1, '2025-06-01')`
		);
		const add = (
			slug: string,
			prefix: string,
			n: number,
			diagnosis: string,
			moved: string | null
		) => {
			for (let i = 0; i < n; i++) insert.run(op(slug), `${prefix}-${i + 1}`, diagnosis, moved);
		};
		add('terre-rouge-tranche-1', 'A', 5, '2025-01-10', null);
		add('terre-rouge-tranche-1', 'B', 10, '2025-01-10', '2025-05-01');
		add('terre-rouge-tranches-2-3', 'C', 3, '2025-01-10', null);
		add('terre-rouge-tranches-2-3', 'D', 10, '2025-01-10', '2025-05-01');
		add('terre-rouge-tranche-1', 'E', 4, '2026-10-01', null);
		const at = (scope: 'all' | number) =>
			relocationAggregates(db, scope, { thresholdDays: 240, today: '2026-11-25' });
		for (const slug of [
			'terre-rouge-tranche-1',
			'terre-rouge-tranches-2-3',
			'terre-rouge-residence'
		]) {
			const page = at(op(slug));
			expect(page.breakdown, slug).toBe(false);
			expect(
				Object.values(page.byStatus).every((v) => isMasked(v)),
				slug
			).toBe(true);
			expect(page.waitingOverThreshold, slug).toEqual({ masked: true });
		}
		const all = at('all');
		expect(all.byStatus).toMatchObject({ suivi: 12, reloge: 20 });
		// 12 not yet rehoused, 8 waiting beyond 240 days: the 4 recent ones would show by subtraction.
		expect(all.waitingOverThreshold).toEqual({ masked: true });
	});
});
