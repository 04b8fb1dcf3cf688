import { describe, it, expect, beforeAll } from 'vitest';
import { sql } from 'drizzle-orm';
import { setup, call, snapshot, db, ROLES, type Role, type Body } from './harness';
import { invariantViolations } from '../../src/lib/server/db/invariants';
import { actions as actionPage } from '../../src/routes/programmes/[slug]/actions/[code]/+page.server';
import { actions as operationPage } from '../../src/routes/operations/[slug]/+page.server';
import { actions as portal } from '../../src/routes/partenaires/portail/+page.server';
import { actions as dossiers } from '../../src/routes/opah-ru/dossiers/+page.server';
import { actions as relocation } from '../../src/routes/operations/[slug]/relogement/+page.server';
import { actions as admin } from '../../src/routes/admin/utilisateurs/+page.server';

const ACTION_PAGE = {
	route: '/programmes/[slug]/actions/[code]',
	path: '/programmes/contrat-de-ville/actions/1',
	params: { slug: 'contrat-de-ville', code: '1' }
};
const TR_PAGE = {
	route: '/operations/[slug]',
	path: '/operations/terre-rouge-residence',
	params: { slug: 'terre-rouge-residence' }
};
const RELOC_PAGE = {
	route: '/operations/[slug]/relogement',
	path: '/operations/terre-rouge-residence/relogement',
	params: { slug: 'terre-rouge-residence' }
};
const TRANCHE_RELOC_PAGE = {
	route: '/operations/[slug]/relogement',
	path: '/operations/terre-rouge-tranches-2-3/relogement',
	params: { slug: 'terre-rouge-tranches-2-3' }
};
const PORTAL = { route: '/partenaires/portail', path: '/partenaires/portail' };
const DOSSIERS = { route: '/opah-ru/dossiers', path: '/opah-ru/dossiers' };
const ADMIN = { route: '/admin/utilisateurs', path: '/admin/utilisateurs' };

const one = <T>(q: ReturnType<typeof sql>) => db().get<T>(q);
const ids = {} as Record<string, number>;
/** A record's current version; "1" for a record that does not exist. */
const version = (table: string, id: number) =>
	String(
		(db().$client.prepare(`select version from ${table} where id = ?`).pluck().get(id) as
			number | undefined) ?? 1
	);

beforeAll(async () => {
	await setup();
	// Records that legitimately belong to each attacker, created through the pages.
	const ok = async (r: Promise<{ status: number; data?: unknown; message?: string }>) => {
		const o = await r;
		expect(o.status, JSON.stringify(o)).toBe(200);
	};
	await ok(
		call(actionPage, 'addMilestone', {
			...ACTION_PAGE,
			user: 'chef',
			body: [
				['title', 'Jalon du chef'],
				['plannedDate', '2026-06-01'],
				['plannedPrecision', 'month'],
				['status', 'planned']
			]
		})
	);
	await ok(
		call(actionPage, 'addFunding', {
			...ACTION_PAGE,
			user: 'chef',
			body: [
				['organisation', 'ville-cahors'],
				['label', 'Ligne du chef'],
				['kind', 'subsidy'],
				['amount', '1000'],
				['tax', 'TTC'],
				['status', 'planned'],
				['plannedOn', ''],
				['requestedOn', ''],
				['committedOn', ''],
				['paidOn', '']
			]
		})
	);
	ids.chefMilestone = one<{ id: number }>(
		sql`select id from milestones where title = 'Jalon du chef'`
	).id;
	ids.chefFunding = one<{ id: number }>(
		sql`select id from funding_lines where label = 'Ligne du chef'`
	).id;
	ids.trMilestone = one<{ id: number }>(
		sql`select min(id) as id from milestones where operation_id is not null`
	).id;
	ids.depLine = one<{ id: number }>(
		sql`select fl.id from funding_lines fl join organisations o on o.id = fl.organisation_id where o.slug = 'departement-lot'`
	).id;
	ids.bdtLine = one<{ id: number }>(
		sql`select fl.id from funding_lines fl join organisations o on o.id = fl.organisation_id where o.slug = 'banque-des-territoires'`
	).id;
	ids.chefPlace = one<{ id: number }>(
		sql`select place_id as id from place_links where subject_type = 'action' and subject_id = (select a.id from action_items a join programmes p on p.id = a.programme_id where p.slug = 'contrat-de-ville' and a.code = '1') limit 1`
	).id;
	ids.trPlace =
		one<{ id: number }>(
			sql`select pl.place_id as id from place_links pl join places p on p.id = pl.place_id where pl.subject_type = 'building' and p.geometry like '%Point%' limit 1`
		)?.id ?? 0;
	// The Département commits its own line, so that it may record payments on it.
	await ok(
		call(portal, 'commit', {
			...PORTAL,
			user: 'departement',
			body: [
				['id', String(ids.depLine)],
				['version', version('funding_lines', ids.depLine)],
				['committedOn', '2024-03-01']
			]
		})
	);
	await ok(
		call(relocation, 'create', {
			...RELOC_PAGE,
			user: 'relogement',
			body: caseBody('M-001')
		})
	);
	ids.case = one<{ id: number }>(sql`select id from relocation_cases where code = 'M-001'`).id;
	await ok(
		call(dossiers, 'create', {
			...DOSSIERS,
			user: 'chef',
			body: [
				['reference', 'PB-2026-001'],
				['address', 'Rue du Château-du-Roi'],
				['lon', ''],
				['lat', ''],
				['dwellings', '2'],
				['worksType', 'lourds'],
				['rentType', 'LI'],
				['step1On', '2026-01-15']
			]
		})
	);
	ids.application = one<{ id: number }>(
		sql`select id from opah_applications where reference = 'PB-2026-001'`
	).id;
});

function caseBody(code: string): [string, string][] {
	return [
		['code', code],
		['householdSize', '3'],
		['building', 'B'],
		['staircase', ''],
		['diagnosisOn', '2024-01-10'],
		['solutionType', ''],
		['landlord', ''],
		['proposalsMade', '0'],
		['proposalsRefused', '0'],
		['proposalAcceptedOn', ''],
		['movedOn', ''],
		['returnedOn', ''],
		['closedOn', '']
	];
}

interface Attack {
	name: string;
	actions: object;
	action: string;
	page: { route: string; path: string; params?: Record<string, string> };
	/** the field sent twice: first the attacker's own record, then the victim's */
	field: string;
	mine: () => number;
	theirs: () => number;
	rest: () => [string, string][];
}

const ATTACKS: Attack[] = [
	{
		name: 'a partner pays on another funder’s line',
		actions: portal,
		action: 'pay',
		page: PORTAL,
		field: 'id',
		mine: () => ids.depLine,
		theirs: () => ids.bdtLine,
		rest: () => [
			['version', version('funding_lines', ids.depLine)],
			['paidOn', '2024-04-01'],
			['amount', '144 000']
		]
	},
	{
		name: 'a partner commits another funder’s line',
		actions: portal,
		action: 'commit',
		page: PORTAL,
		field: 'id',
		mine: () => ids.depLine,
		theirs: () => ids.bdtLine,
		rest: () => [
			['version', version('funding_lines', ids.bdtLine)],
			['committedOn', '2024-04-01']
		]
	},
	{
		name: 'a project manager rewrites a funding line of another programme',
		actions: actionPage,
		action: 'updateFunding',
		page: ACTION_PAGE,
		field: 'id',
		mine: () => ids.chefFunding,
		theirs: () => ids.bdtLine,
		rest: () => [
			['version', version('funding_lines', ids.bdtLine)],
			['organisation', ''],
			['label', 'Pirate'],
			['kind', 'subsidy'],
			['amount', '1'],
			['tax', 'TTC'],
			['status', 'planned'],
			['plannedOn', ''],
			['requestedOn', ''],
			['committedOn', ''],
			['paidOn', '']
		]
	},
	{
		name: 'a project manager deletes another programme’s milestone',
		actions: actionPage,
		action: 'deleteMilestone',
		page: ACTION_PAGE,
		field: 'id',
		mine: () => ids.chefMilestone,
		theirs: () => ids.trMilestone,
		rest: () => [
			['version', version('milestones', ids.trMilestone)],
			['confirm', 'on']
		]
	},
	{
		name: 'a project manager moves another programme’s building to Paris',
		actions: actionPage,
		action: 'movePlace',
		page: ACTION_PAGE,
		field: 'placeId',
		mine: () => ids.chefPlace,
		theirs: () => ids.trPlace,
		rest: () => [
			['version', version('places', ids.trPlace)],
			['lon', '2.35'],
			['lat', '48.85']
		]
	},
	{
		name: 'a social landlord edits another programme’s milestone',
		actions: operationPage,
		action: 'updateMilestone',
		page: TR_PAGE,
		field: 'id',
		mine: () => ids.trMilestone,
		theirs: () => ids.chefMilestone,
		rest: () => [
			['version', version('milestones', ids.chefMilestone)],
			['title', 'Pirate'],
			['plannedDate', '2026-06-01'],
			['plannedPrecision', 'month'],
			['status', 'planned'],
			['actualDate', ''],
			['slipReason', '']
		]
	},
	{
		name: 'an indicator measurement on another page’s indicator',
		actions: actionPage,
		action: 'addMeasurement',
		page: ACTION_PAGE,
		field: 'indicatorId',
		mine: () => 1,
		theirs: () => 8,
		rest: () => [
			['value', '12'],
			['measuredOn', '2025-01-01']
		]
	},
	{
		name: 'an OPAH-RU subsidy on another application',
		actions: dossiers,
		action: 'subsidy',
		page: DOSSIERS,
		field: 'applicationId',
		mine: () => ids.application,
		theirs: () => 999_999,
		rest: () => [
			['funder', 'Anah'],
			['version', ''],
			['reserved', '1000'],
			['paid', '']
		]
	},
	{
		name: 'a relocation case of another household',
		actions: relocation,
		action: 'update',
		page: RELOC_PAGE,
		field: 'id',
		mine: () => ids.case,
		theirs: () => ids.case + 1000,
		rest: () => [['version', version('relocation_cases', ids.case)], ...caseBody('M-001')]
	},
	{
		name: 'an account toggled through a repeated id',
		actions: admin,
		action: 'toggle',
		page: ADMIN,
		field: 'id',
		mine: () => 1,
		theirs: () => 2,
		rest: () => [['active', '0']]
	}
];

function bodies(a: Attack): [string, Body][] {
	const fields: [string, string][] = [
		[a.field, String(a.mine())],
		[a.field, String(a.theirs())],
		...a.rest()
	];
	return [
		['urlencoded', fields],
		['multipart', { multipart: fields }]
	];
}

describe('a field sent twice is refused, whatever the role and the encoding', () => {
	for (const attack of ATTACKS)
		for (const role of [...ROLES, null] as (Role | null)[])
			it(`${attack.name} (${role ?? 'anonyme'})`, async () => {
				for (const [encoding, body] of bodies(attack)) {
					const before = snapshot();
					const r = await call(attack.actions, attack.action, { ...attack.page, user: role, body });
					expect([400, 401, 403], `${encoding}: ${r.status} ${r.message ?? ''}`).toContain(
						r.status
					);
					expect(snapshot(), encoding).toBe(before);
				}
			});
});

describe('authorisation is bound to the record written', () => {
	it('a project manager cannot reach another programme’s milestone from their own page (404) or its page (403)', async () => {
		const body = (id: number): [string, string][] => [
			['id', String(id)],
			['version', version('milestones', id)],
			['confirm', 'on']
		];
		const before = snapshot();
		expect(
			(
				await call(actionPage, 'deleteMilestone', {
					...ACTION_PAGE,
					user: 'chef',
					body: body(ids.trMilestone)
				})
			).status
		).toBe(404);
		expect(
			(
				await call(operationPage, 'deleteMilestone', {
					...TR_PAGE,
					user: 'chef',
					body: body(ids.trMilestone)
				})
			).status
		).toBe(403);
		expect(snapshot()).toBe(before);
	});

	it('a point shared with another programme moves only for someone who may edit every record it locates', async () => {
		// The Terre-Rouge residence point locates Contrat de ville action 1 and the Terre-Rouge operations.
		const shared = one<{ id: number }>(
			sql`select id from places where slug = 'residence-terre-rouge'`
		).id;
		const body: [string, string][] = [
			['placeId', String(shared)],
			['version', version('places', shared)],
			['lon', '1.4300'],
			['lat', '44.4600']
		];
		const before = snapshot();
		const refused = await call(actionPage, 'movePlace', { ...ACTION_PAGE, user: 'chef', body });
		expect(refused.status).toBe(403);
		expect(snapshot()).toBe(before);
		const allowed = await call(actionPage, 'movePlace', { ...ACTION_PAGE, user: 'admin', body });
		expect(allowed.status).toBe(200);
	});

	it('a partner can settle its own line only', async () => {
		const pay = (id: number) =>
			call(portal, 'pay', {
				...PORTAL,
				user: 'departement',
				body: [
					['id', String(id)],
					['version', version('funding_lines', id)],
					['paidOn', '2024-05-01'],
					['amount', '1 000']
				]
			});
		expect((await pay(ids.bdtLine)).status).toBe(403);
		expect((await pay(999_999)).status).toBe(404);
		expect((await pay(ids.depLine)).status).toBe(200);
	});

	it('an edit may prepare a funding line, never claim a payment nor undo the funder’s word', async () => {
		const line = (id: number) =>
			db()
				.$client.prepare(
					`select fl.*, o.slug as funder from funding_lines fl left join organisations o on o.id = fl.organisation_id where fl.id = ?`
				)
				.get(id) as Record<string, string | number | null>;
		const body = (id: number, change: Record<string, string>): [string, string][] => {
			const l = line(id);
			const fields: Record<string, string> = {
				id: String(id),
				version: String(l.version),
				organisation: String(l.funder ?? ''),
				label: String(l.label),
				kind: String(l.kind),
				amount: String(Number(l.amount_cents) / 100),
				tax: String(l.tax),
				status: String(l.status),
				plannedOn: String(l.planned_on ?? ''),
				requestedOn: String(l.requested_on ?? ''),
				committedOn: String(l.committed_on ?? ''),
				paidOn: String(l.paid_on ?? ''),
				...change
			};
			return Object.entries(fields);
		};
		const update = (
			id: number,
			change: Record<string, string>,
			page: { route: string; path: string; params: Record<string, string> } = ACTION_PAGE,
			actions: object = actionPage
		) => call(actions, 'updateFunding', { ...page, user: 'admin', body: body(id, change) });
		const before = snapshot();
		// Marking a line paid from a form.
		const paid = await update(ids.chefFunding, { status: 'paid' });
		expect(paid.status).toBe(400);
		expect(JSON.stringify(paid.data)).toMatch(/Versé/);
		// The Département has committed and paid part of its line (see beforeAll and the portal test).
		const dep = line(ids.depLine);
		expect(Number(dep.paid_cents)).toBeGreaterThan(0);
		const depPage = one<{ slug: string }>(
			sql`select o.slug from funding_lines fl join operations o on o.id = fl.operation_id where fl.id = ${ids.depLine}`
		);
		const page = depPage
			? {
					route: '/operations/[slug]',
					path: `/operations/${depPage.slug}`,
					params: { slug: depPage.slug }
				}
			: ACTION_PAGE;
		const pageActions = depPage ? operationPage : actionPage;
		const back = await update(ids.depLine, { status: 'planned' }, page, pageActions);
		expect(back.status).toBe(400);
		const otherFunder = await update(
			ids.depLine,
			{ organisation: 'ville-cahors' },
			page,
			pageActions
		);
		expect(otherFunder.status).toBe(400);
		expect(JSON.stringify(otherFunder.data)).toMatch(/changer de financeur/);
		expect(snapshot()).toBe(before);
	});

	it('a relocation case is updated only from its own operation', async () => {
		const body: [string, string][] = [
			['id', String(ids.case)],
			['version', version('relocation_cases', ids.case)],
			...caseBody('M-001')
		];
		const before = snapshot();
		expect(
			(await call(relocation, 'update', { ...TRANCHE_RELOC_PAGE, user: 'relogement', body })).status
		).toBe(404);
		expect(snapshot()).toBe(before);
		expect(
			(await call(relocation, 'update', { ...RELOC_PAGE, user: 'relogement', body })).status
		).toBe(200);
	});

	it('an unknown account is a 404, never a crash', async () => {
		const r = await call(admin, 'toggle', {
			...ADMIN,
			user: 'admin',
			body: [
				['id', '999999'],
				['active', '0']
			]
		});
		expect(r.status).toBe(404);
	});
});

describe('versions everywhere a person can overwrite a person', () => {
	it('two saves of the same OPAH-RU subsidy: the second is a conflict, not a silent overwrite', async () => {
		const save = (v: string, reserved: string) =>
			call(dossiers, 'subsidy', {
				...DOSSIERS,
				user: 'chef',
				body: [
					['applicationId', String(ids.application)],
					['funder', 'Grand Cahors'],
					['version', v],
					['reserved', reserved],
					['paid', '']
				]
			});
		expect((await save('', '5 000')).status).toBe(200);
		const results = await Promise.all([save('1', '6 000'), save('1', '7 000'), save('1', '8 000')]);
		expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409]);
	});

	it('a payment never moves a paid line backwards', async () => {
		// Line 1 (État) marked paid in full, as the documents give it.
		db()
			.$client.prepare(`update funding_lines set status = 'paid', paid_cents = 0 where id = 1`)
			.run();
		const r = await call(portal, 'pay', {
			...PORTAL,
			user: 'admin',
			body: [
				['id', '1'],
				['version', version('funding_lines', 1)],
				['paidOn', '2024-05-01'],
				['amount', '1']
			]
		});
		expect(r.status).toBe(400);
		expect(one<{ status: string }>(sql`select status from funding_lines where id = 1`).status).toBe(
			'paid'
		);
	});
});

describe('the database refuses what validation refuses', () => {
	it('holds every invariant after these attacks', () => {
		expect(invariantViolations(db())).toEqual([]);
	});
	it('refuses an impossible row even when the application is bypassed', () => {
		const bad = [
			`update funding_lines set amount_cents = -1 where id = 1`,
			`update funding_lines set amount_cents = 1e300 where id = 1`,
			`update milestones set planned_date = '2024-02-30' where id = 1`,
			`update milestones set planned_precision = 'week' where id = 1`,
			`update action_items set progress = 101 where id = 1`,
			`update action_items set status = '__proto__' where id = 1`,
			`update places set min_lon_e6 = 500000000 where id = 1`,
			`update relocation_cases set proposals_refused = 9, proposals_made = 1 where id = ${ids.case}`
		];
		for (const statement of bad)
			expect(() => db().$client.prepare(statement).run(), statement).toThrow(
				/CHECK constraint failed/
			);
	});
});
