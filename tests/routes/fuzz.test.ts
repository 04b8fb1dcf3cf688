import { describe, it, expect, beforeAll } from 'vitest';
import fc from 'fast-check';
import { setup, call, snapshot, db, type Role, type Body } from './harness';
import { invariantViolations } from '../../src/lib/server/db/invariants';

/**
 * Generated hostile bodies sent to every form action of every page, for every role: never a 5xx,
 * nothing written when the answer is a refusal, and the database's own rules hold at the end.
 */
const modules = import.meta.glob<{ actions?: object }>('../../src/routes/**/+page.server.ts');
const ROUTE_PARAMS: Record<string, Record<string, string>> = {
	'/programmes/[slug]/actions/[code]': { slug: 'contrat-de-ville', code: '1' },
	'/operations/[slug]': { slug: 'terre-rouge-residence' },
	'/operations/[slug]/relogement': { slug: 'terre-rouge-residence' }
};

/** A plausible value for every field any form sends, so that mutations reach deep into the code. */
const PLAUSIBLE: Record<string, string> = {
	id: '1',
	version: '1',
	title: 'Jalon',
	plannedDate: '2026-03-01',
	plannedPrecision: 'quarter',
	status: 'planned',
	actualDate: '',
	slipReason: '',
	confirm: 'on',
	organisation: 'departement-lot',
	label: 'Ligne',
	kind: 'subsidy',
	amount: '1 000',
	tax: 'TTC',
	plannedOn: '',
	requestedOn: '',
	committedOn: '2025-01-01',
	paidOn: '2025-02-01',
	indicatorId: '3',
	value: '12',
	measuredOn: '2025-01-01',
	text: 'Note',
	decidedOn: '2025-01-01',
	body: 'COPIL',
	placeId: '14',
	lon: '1.44',
	lat: '44.45',
	progress: '10',
	description: '',
	lead: '',
	startDate: '',
	startPrecision: 'year',
	endDate: '',
	endPrecision: 'year',
	reference: 'PB-2026-900',
	address: 'Rue',
	dwellings: '1',
	worksType: 'lourds',
	rentType: 'LI',
	step1On: '2026-01-01',
	on: '2026-02-01',
	applicationId: '1',
	funder: 'Anah',
	reserved: '100',
	paid: '',
	email: 'x@y.fr',
	name: 'X',
	role: 'elu',
	active: '0',
	list: 'actions',
	rows: '[]',
	fileName: 'a.csv',
	current: 'x',
	next: 'y',
	password: 'x',
	redirectTo: '/'
};
const CASE_FIELDS: Record<string, string> = {
	code: 'M-900',
	householdSize: '2',
	building: 'B',
	staircase: '',
	diagnosisOn: '2024-01-01',
	solutionType: '',
	landlord: '',
	proposalsMade: '1',
	proposalsRefused: '0',
	proposalAcceptedOn: '',
	movedOn: '',
	returnedOn: '',
	closedOn: '',
	id: '1',
	version: '1'
};

const HOSTILE = [
	'',
	' ',
	'0',
	'-1',
	'1e300',
	'1e307',
	'0x10',
	'NaN',
	'Infinity',
	'-0',
	'2147483648',
	'99999999999999999999',
	'2024-02-30',
	'2024-02-31',
	'9999-99-99',
	'0000-01-01',
	'1899-12-31',
	'2024-2-3',
	'__proto__',
	'constructor',
	'toString',
	'hasOwnProperty',
	'<script>alert(1)</script>',
	'=HYPERLINK("x")',
	"'; drop table users; --",
	'１２',
	'12,5',
	'1 000 000 000 000 000',
	'\u0000',
	'x'.repeat(6000),
	'day',
	'week',
	'paid',
	'committed',
	'done',
	'admin',
	'999999',
	'2',
	'3'
];
const NAMES = [
	...new Set([...Object.keys(PLAUSIBLE), ...Object.keys(CASE_FIELDS), '__proto__', 'constructor'])
];
const ROLES: Role[] = ['admin', 'chef', 'lothabitat', 'departement', 'relogement'];

const writers = (
	await Promise.all(
		Object.entries(modules).map(async ([file, load]) => {
			const { actions } = await load();
			if (!actions) return [];
			const route = file.replace('../../src/routes', '').replace('/+page.server.ts', '') || '/';
			return Object.keys(actions).map((name) => ({ route, name, actions }));
		})
	)
).flat();

beforeAll(setup);

const mutation = fc.array(
	fc.tuple(
		fc.constantFrom(...NAMES),
		fc.oneof(fc.constantFrom(...HOSTILE), fc.string({ maxLength: 40 }))
	),
	{ minLength: 1, maxLength: 4 }
);

describe('generated hostile bodies', () => {
	it.each(writers.map((w) => [`${w.route} ?/${w.name}`, w] as const))('%s', async (_, w) => {
		const params = ROUTE_PARAMS[w.route] ?? {};
		const path = w.route.replace(/\[(\w+)\]/g, (_m, k: string) => params[k]);
		const base = w.route.endsWith('/relogement') ? CASE_FIELDS : PLAUSIBLE;
		await fc.assert(
			fc.asyncProperty(
				fc.constantFrom(...ROLES),
				mutation,
				fc.boolean(),
				async (role, changes, multipart) => {
					const fields = new Map(Object.entries(base));
					for (const [k, v] of changes) fields.set(k, v);
					const list = [...fields];
					// Sometimes a field arrives twice.
					if (changes.length > 1) list.push(changes[0]);
					const body: Body = multipart ? { multipart: list } : list;
					const before = snapshot();
					const r = await call(w.actions, w.name, {
						route: w.route,
						path,
						params,
						user: role,
						body
					});
					expect(
						r.status,
						`${role} ${JSON.stringify(changes).slice(0, 300)}: ${r.message ?? ''}`
					).toBeLessThan(500);
					if (r.status >= 400) expect(snapshot()).toBe(before);
				}
			),
			{ numRuns: 40, seed: 20261125 }
		);
	});

	it('leaves the database within its rules', () => {
		expect(invariantViolations(db())).toEqual([]);
	});
});
