import { describe, it, expect, beforeAll } from 'vitest';
import { setup, call, snapshot, db } from './harness';
import { invariantViolations } from '../../src/lib/server/db/invariants';
import { actions as relocation } from '../../src/routes/operations/[slug]/relogement/+page.server';
import { actions as dossiers } from '../../src/routes/opah-ru/dossiers/+page.server';
import { actions as actionPage } from '../../src/routes/programmes/[slug]/actions/[code]/+page.server';
import { milestoneState } from '../../src/lib/domain/milestones';
import { actions as operationPage } from '../../src/routes/operations/[slug]/+page.server';
import { createUser } from '../../src/lib/server/users/commands';
import { FieldError } from '../../src/lib/server/editing/errors';

/**
 * Business rules every write path must keep, beyond the shape of the input: what a hostile review
 * found the forms let through once the fields themselves were valid.
 */

const RELOC = {
	route: '/operations/[slug]/relogement',
	path: '/operations/terre-rouge-residence/relogement',
	params: { slug: 'terre-rouge-residence' }
};
const DOSSIERS = { route: '/opah-ru/dossiers', path: '/opah-ru/dossiers' };

const sqlValue = (q: string, ...args: unknown[]) =>
	db()
		.$client.prepare(q)
		.pluck()
		.get(...args);

function caseFields(code: string, change: Record<string, string> = {}): [string, string][] {
	return Object.entries({
		code,
		householdSize: '2',
		building: 'B',
		staircase: '',
		diagnosisOn: '2024-01-10',
		solutionType: 'definitif_ailleurs',
		landlord: '',
		proposalsMade: '1',
		proposalsRefused: '0',
		proposalAcceptedOn: '2024-02-01',
		movedOn: '2024-03-01',
		returnedOn: '',
		closedOn: '',
		...change
	});
}

const caseId = (code: string) =>
	sqlValue('select id from relocation_cases where code = ?', code) as number;

beforeAll(async () => {
	await setup();
	for (const code of ['R-001', 'R-002']) {
		const r = await call(relocation, 'create', {
			...RELOC,
			user: 'relogement',
			body: caseFields(code)
		});
		expect(r.status, JSON.stringify(r)).toBe(200);
	}
});

describe('relocation cases', () => {
	const update = (code: string, change: Record<string, string>) => {
		const id = caseId(code);
		return call(relocation, 'update', {
			...RELOC,
			user: 'relogement',
			body: [
				['id', String(id)],
				['version', String(sqlValue('select version from relocation_cases where id = ?', id))],
				...caseFields(code, change)
			]
		});
	};

	it('refuses to give a case the code of another household of the operation', async () => {
		const before = snapshot();
		const r = await update('R-002', { code: 'R-001' });
		expect(r.status).toBe(400);
		expect(JSON.stringify(r.data)).toMatch(/déjà utilisé/);
		expect(snapshot()).toBe(before);
	});

	it('refuses a closure dated before the move', async () => {
		const r = await update('R-001', { closedOn: '2024-02-15' });
		expect(r.status).toBe(400);
		expect(JSON.stringify(r.data)).toMatch(/précède le déménagement/);
	});

	it('refuses as rehousing landlord an organisation that is not one (a bank)', async () => {
		const r = await update('R-001', { landlord: 'banque-des-territoires' });
		expect(r.status).toBe(400);
		expect(JSON.stringify(r.data)).toMatch(/Bailleur inconnu/);
		expect(
			(await update('R-001', { landlord: 'lot-habitat', closedOn: '2024-04-01' })).status
		).toBe(200);
	});
});

describe('OPAH-RU applications', () => {
	const create = (reference: string, change: Record<string, string> = {}) =>
		call(dossiers, 'create', {
			...DOSSIERS,
			user: 'chef',
			body: Object.entries({
				reference,
				address: 'Rue Nationale',
				lon: '',
				lat: '',
				dwellings: '1',
				worksType: 'lourds',
				rentType: 'LI',
				step1On: '2026-01-15',
				...change
			})
		});

	it('refuses a longitude without its latitude', async () => {
		const before = snapshot();
		const r = await create('PB-2026-101', { lon: '1.44' });
		expect(r.status).toBe(400);
		expect(JSON.stringify(r.data)).toMatch(/Longitude et latitude vont ensemble/);
		expect(snapshot()).toBe(before);
	});

	it('an abandoned application neither advances nor receives subsidies', async () => {
		expect((await create('PB-2026-102')).status).toBe(200);
		const id = sqlValue(
			`select id from opah_applications where reference = 'PB-2026-102'`
		) as number;
		db()
			.$client.prepare(
				`update opah_applications set status = 'abandonne', version = version + 1 where id = ?`
			)
			.run(id);
		const version = String(sqlValue('select version from opah_applications where id = ?', id));
		const before = snapshot();
		const advance = await call(dossiers, 'advance', {
			...DOSSIERS,
			user: 'chef',
			body: [
				['id', String(id)],
				['version', version],
				['on', '2026-02-01']
			]
		});
		expect(advance.status).toBe(400);
		expect(JSON.stringify(advance.data)).toMatch(/abandonné/);
		const subsidy = await call(dossiers, 'subsidy', {
			...DOSSIERS,
			user: 'chef',
			body: [
				['applicationId', String(id)],
				['funder', 'Anah'],
				['version', ''],
				['reserved', '1000'],
				['paid', '']
			]
		});
		expect(subsidy.status).toBe(400);
		expect(snapshot()).toBe(before);
	});
});

describe('accounts', () => {
	it('two admins creating the same e-mail at once: one account, one French error, no crash', async () => {
		const input = {
			email: 'doublon@demo.grandcahors.fr',
			name: 'Compte en double',
			role: 'elu' as const,
			organisation: '',
			programmes: []
		};
		const actor = { id: null, name: 'test' };
		const results = await Promise.allSettled([
			createUser(db(), input, actor),
			createUser(db(), input, actor)
		]);
		expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
		const refused = results.find((r) => r.status === 'rejected');
		expect(refused?.reason).toBeInstanceOf(FieldError);
		expect((refused?.reason as FieldError).errors.email).toMatch(/existe déjà/);
	});
});

describe('confirming a milestone’s state, in one click', () => {
	const PAGE = {
		route: '/programmes/[slug]/actions/[code]',
		path: '/programmes/contrat-de-ville/actions/1',
		params: { slug: 'contrat-de-ville', code: '1' }
	};
	const state = (id: number) => {
		const m = db()
			.$client.prepare(
				'select planned_date as plannedDate, planned_precision as plannedPrecision, status, confirmed_at as confirmedAt from milestones where id = ?'
			)
			.get(id) as Parameters<typeof milestoneState>[0];
		return milestoneState(m, '2026-11-25');
	};
	const confirm = (id: number, fields: Record<string, string>) =>
		call(actionPage, 'confirmMilestone', {
			...PAGE,
			user: 'chef',
			body: [
				['id', String(id)],
				['version', String(sqlValue('select version from milestones where id = ?', id))],
				...Object.entries(fields)
			]
		});

	it('a past milestone nobody confirmed is "à confirmer"; confirmed not done it is late; each confirmation audited', async () => {
		const added = await call(actionPage, 'addMilestone', {
			...PAGE,
			user: 'chef',
			body: [
				['title', 'Réunion publique de lancement'],
				['plannedDate', '2024-03-01'],
				['plannedPrecision', 'month'],
				['status', 'planned']
			]
		});
		expect(added.status).toBe(200);
		const id = sqlValue(
			`select id from milestones where title = 'Réunion publique de lancement'`
		) as number;
		// Created by a person, but for a period not yet over: no statement about lateness.
		db().$client.prepare('update milestones set confirmed_at = null where id = ?').run(id);
		expect(state(id)).toBe('to_confirm');

		const first = await confirm(id, { outcome: 'still_planned' });
		expect(first.status, JSON.stringify(first)).toBe(200);
		expect(state(id)).toBe('late');
		const audit = db()
			.$client.prepare(
				`select actor, after from audit_log where entity_type = 'milestone' and entity_id = ? order by id desc limit 1`
			)
			.get(id) as { actor: string; after: string };
		expect(audit.actor).toBe('Chef de projet (démo)');
		expect(JSON.parse(audit.after)).toHaveProperty('confirmedAt');

		const refused = await confirm(id, { outcome: 'moved', movedTo: '2027-06-01' });
		expect(refused.status).toBe(400);
		expect(JSON.stringify(refused.data)).toMatch(/motif du décalage/);
		expect(
			(
				await confirm(id, {
					outcome: 'moved',
					movedTo: '2027-06-01',
					movedPrecision: 'quarter',
					slipReason: 'Salle indisponible'
				})
			).status
		).toBe(200);
		expect(state(id)).toBe('planned');
		expect(sqlValue('select planned_date from milestones where id = ?', id)).toBe('2027-04-01');
		expect(sqlValue('select baseline_date from milestones where id = ?', id)).toBe('2024-03-01');

		expect((await confirm(id, { outcome: 'done', doneOn: '2026-11-20' })).status).toBe(200);
		expect(state(id)).toBe('done');
		expect((await confirm(id, { outcome: 'still_planned' })).status).toBe(400);
	});

	it('the state of an action is confirmed as it stands, versioned', async () => {
		const id = sqlValue(
			`select a.id from action_items a join programmes p on p.id = a.programme_id where p.slug = 'contrat-de-ville' and a.code = '1'`
		) as number;
		const version = String(sqlValue('select version from action_items where id = ?', id));
		const r = await call(actionPage, 'confirmRecord', {
			...PAGE,
			user: 'chef',
			body: [['version', version]]
		});
		expect(r.status).toBe(200);
		expect(sqlValue('select confirmed_at from action_items where id = ?', id)).toMatch(/^20\d\d-/);
		const stale = await call(actionPage, 'confirmRecord', {
			...PAGE,
			user: 'chef',
			body: [['version', version]]
		});
		expect(stale.status).toBe(409);
		const partner = await call(actionPage, 'confirmRecord', {
			...PAGE,
			user: 'departement',
			body: [['version', String(Number(version) + 1)]]
		});
		expect(partner.status).toBe(403);
	});
});

describe('a conflict shown to a partner names roles, not staff', () => {
	it('Lot Habitat replaying a stale edit sees "Administrateur", not the admin’s name', async () => {
		const TR1 = {
			route: '/operations/[slug]',
			path: '/operations/terre-rouge-tranche-1',
			params: { slug: 'terre-rouge-tranche-1' }
		};
		const id = sqlValue(
			`select min(m.id) from milestones m join operations o on o.id = m.operation_id where o.slug = 'terre-rouge-tranche-1' and m.status <> 'done'`
		) as number;
		const row = db()
			.$client.prepare(
				'select title, planned_date, planned_precision, version from milestones where id = ?'
			)
			.get(id) as {
			title: string;
			planned_date: string;
			planned_precision: string;
			version: number;
		};
		const body = (version: number, title: string): [string, string][] => [
			['id', String(id)],
			['version', String(version)],
			['title', title],
			['plannedDate', row.planned_date],
			['plannedPrecision', row.planned_precision],
			['status', 'planned'],
			['actualDate', ''],
			['slipReason', '']
		];
		expect(
			(
				await call(operationPage, 'updateMilestone', {
					...TR1,
					user: 'admin',
					body: body(row.version, `${row.title} (admin)`)
				})
			).status
		).toBe(200);
		const stale = await call(operationPage, 'updateMilestone', {
			...TR1,
			user: 'lothabitat',
			body: body(row.version, `${row.title} (bailleur)`)
		});
		expect(stale.status).toBe(409);
		const text = JSON.stringify(stale.data);
		expect(text).toContain('Administrateur');
		expect(text).not.toContain('(démo)');
	});
});

it('leaves the database within its rules', () => {
	expect(invariantViolations(db())).toEqual([]);
});
