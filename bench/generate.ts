/**
 * Synthetic national dataset for the benchmark: 250 Action Cœur de Ville towns × 25 actions and
 * 1 362 neighbourhoods × 17 actions (≈ 29 400 actions), 10 milestones, 4 funding lines and 2 places per
 * action, 1 000 000 audit entries. Fixed seed: the same file every run. Names come from the public lists
 * in bench/fixtures (ANCT, see shared/data/SOURCES.md).
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { eq } from 'drizzle-orm';
import { openDatabase } from '../src/lib/server/db';
import { periodStart } from '../src/lib/domain/dates';
import { createUser } from '../src/lib/server/users/commands';
import { users } from '../src/lib/server/db/schema';

export interface GenerateOptions {
	file: string;
	towns?: number;
	neighbourhoods?: number;
	auditEntries?: number;
}

/** mulberry32: a tiny, well-known seeded PRNG. */
function rng(seed: number) {
	return () => {
		seed |= 0;
		seed = (seed + 0x6d2b79f5) | 0;
		let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

function csv(file: string): Record<string, string>[] {
	return parse<Record<string, string>>(
		fs.readFileSync(path.join(import.meta.dirname, 'fixtures', file), 'utf8'),
		{ columns: true, skip_empty_lines: true }
	);
}

const STATUSES = [
	'non_renseigne',
	'programmee',
	'engagee',
	'premieres_realisations',
	'en_cours',
	'terminee'
];
const MS_STATUS = ['planned', 'planned', 'in_progress', 'done', 'done'];
const PRECISIONS = ['day', 'month', 'quarter', 'semester', 'year'];
const KINDS = ['subsidy', 'subsidy', 'loan', 'own_funds'];
const F_STATUS = ['planned', 'requested', 'committed', 'paid'];
const FUNDERS: [string, string, string][] = [
	['etat', 'État', 'state'],
	['anah', 'Anah', 'agency'],
	['banque-des-territoires', 'Banque des Territoires', 'bank'],
	['action-logement', 'Action Logement', 'agency'],
	['region', 'Région', 'region'],
	['departement', 'Département', 'departement'],
	['caf', 'CAF', 'agency'],
	['france-travail', 'France Travail', 'agency'],
	['ars', 'ARS', 'agency'],
	['epf', 'EPF', 'agency']
];
const ACV_AXES = [
	'Habitat en centre-ville',
	'Développement économique et commercial',
	'Accessibilité, mobilité, connexions',
	'Formes urbaines, espace public, patrimoine',
	'Équipements et services publics',
	'Gouvernance'
];
const CDV_AXES = [
	'Attractivité et cadre de vie',
	'Tranquillité publique',
	'Bien-être et participation',
	'Insertion et emploi',
	'Gouvernance'
];
const VERBS = [
	'Requalifier',
	'Rénover',
	'Aménager',
	'Accompagner',
	'Développer',
	'Renforcer',
	'Créer',
	'Soutenir'
];
const OBJECTS = [
	'la halle',
	'les espaces publics',
	'la rue commerçante',
	'le centre social',
	"l'accès à l'emploi",
	'la réussite éducative',
	'les façades',
	"l'habitat ancien",
	'la maison de santé',
	'les liaisons douces'
];

export function generate(opts: GenerateOptions): {
	seconds: number;
	counts: Record<string, number>;
} {
	const started = performance.now();
	for (const suffix of ['', '-wal', '-shm']) fs.rmSync(opts.file + suffix, { force: true });
	const db = openDatabase(opts.file, { migrationsDir: path.resolve('drizzle') });
	const c = db.$client;
	c.pragma('synchronous = OFF');
	const r = rng(20261124);
	const pick = <T>(a: T[]) => a[Math.floor(r() * a.length)];
	const towns = csv('acv_communes.csv').slice(0, opts.towns ?? 250);
	const qpv = csv('qpv_2015_occitanie.csv');
	const now = '2026-11-24T00:00:00.000Z';
	const counts: Record<string, number> = {
		programmes: 0,
		actions: 0,
		milestones: 0,
		funding: 0,
		places: 0,
		audit: 0
	};

	const ins = {
		territory: c.prepare(
			'insert into territories (slug, name, kind, insee_code) values (?, ?, ?, ?)'
		),
		org: c.prepare('insert into organisations (slug, name, short_name, type) values (?, ?, ?, ?)'),
		programme: c.prepare(
			'insert into programmes (slug, territory_id, name, short_name, kind, start_date, start_precision, end_date, end_precision, axis_label, position) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)'
		),
		axis: c.prepare(
			'insert into axes (programme_id, code, title, short_title, position) values (?, ?, ?, ?, ?)'
		),
		action: c.prepare(
			'insert into action_items (programme_id, axis_id, number, code, title, lead_organisation_id, status, progress, position, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)'
		),
		milestone: c.prepare(
			'insert into milestones (action_id, title, planned_date, planned_precision, baseline_date, baseline_precision, actual_date, status, position, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)'
		),
		funding: c.prepare(
			'insert into funding_lines (action_id, organisation_id, label, kind, amount_cents, tax, status, committed_on, paid_on, paid_cents, position, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)'
		),
		place: c.prepare(
			'insert into places (slug, name, kind, geometry, min_lon_e6, min_lat_e6, max_lon_e6, max_lat_e6, inferred, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, 1, ?)'
		),
		link: c.prepare(
			'insert into place_links (place_id, subject_type, subject_id) values (?, ?, ?)'
		),
		audit: c.prepare(
			'insert into audit_log (at, actor, entity_type, entity_id, operation, before, after) values (?, ?, ?, ?, ?, ?, ?)'
		)
	};
	const date = (y0: number, y1: number) => {
		const y = y0 + Math.floor(r() * (y1 - y0 + 1));
		return `${y}-${String(1 + Math.floor(r() * 12)).padStart(2, '0')}-01`;
	};

	c.transaction(() => {
		const funders = FUNDERS.map(([slug, name, type]) =>
			Number(ins.org.run(slug, name, name, type).lastInsertRowid)
		);
		let position = 0;
		let placeSeq = 0;
		const addProgramme = (
			slug: string,
			name: string,
			kind: string,
			axes: string[],
			actionsPerProgramme: number,
			lon: number,
			lat: number,
			commune: string
		) => {
			const territoryId = Number(ins.territory.run(slug, commune, 'commune', null).lastInsertRowid);
			const leadId = Number(
				ins.org.run(`ville-${slug}`, `Ville de ${commune}`, commune, 'commune').lastInsertRowid
			);
			const pid = Number(
				ins.programme.run(
					slug,
					territoryId,
					name,
					name.length > 40 ? name.slice(0, 40) : name,
					kind,
					kind === 'action_coeur_de_ville' ? '2018-01-01' : '2024-01-01',
					'year',
					kind === 'action_coeur_de_ville' ? '2026-01-01' : '2030-01-01',
					'year',
					kind === 'contrat_de_ville' ? 'Orientation' : 'Axe',
					position++
				).lastInsertRowid
			);
			counts.programmes++;
			const axisIds = axes.map((t, i) =>
				Number(ins.axis.run(pid, String(i + 1), t, t, i).lastInsertRowid)
			);
			for (let n = 1; n <= actionsPerProgramme; n++) {
				const progress = r() < 0.5 ? null : Math.floor(r() * 101);
				const aid = Number(
					ins.action.run(
						pid,
						axisIds[(n - 1) % axisIds.length],
						n,
						String(n),
						`${pick(VERBS)} ${pick(OBJECTS)}`,
						r() < 0.7 ? leadId : pick(funders),
						pick(STATUSES),
						progress,
						n,
						date(2024, 2026) + 'T00:00:00.000Z'
					).lastInsertRowid
				);
				counts.actions++;
				for (let m = 0; m < 10; m++) {
					const precision = pick(PRECISIONS);
					// stored as the first day of its period, as the app stores it
					const planned = periodStart(date(2019, 2030), precision);
					const status = pick(MS_STATUS);
					ins.milestone.run(
						aid,
						`Jalon ${m + 1}`,
						planned,
						precision,
						planned,
						'month',
						status === 'done' ? planned : null,
						status,
						m,
						now
					);
					counts.milestones++;
				}
				for (let f = 0; f < 4; f++) {
					const status = pick(F_STATUS);
					const amount = Math.round(10_000 + r() * 1_990_000) * 100;
					const committed = status === 'committed' || status === 'paid' ? date(2019, 2026) : null;
					ins.funding.run(
						aid,
						pick(funders),
						`Financement ${f + 1}`,
						pick(KINDS),
						amount,
						'TTC',
						status,
						committed,
						status === 'paid' ? committed : null,
						status === 'paid' ? amount : 0,
						f,
						now
					);
					counts.funding++;
				}
				for (let k = 0; k < 2; k++) {
					const plon = lon + (r() - 0.5) * 0.02;
					const plat = lat + (r() - 0.5) * 0.02;
					const e6 = (v: number) => Math.round(v * 1e6);
					const placeId = Number(
						ins.place.run(
							`lieu-${++placeSeq}`,
							`Lieu ${placeSeq} – ${commune}`,
							'site',
							JSON.stringify({ type: 'Point', coordinates: [plon, plat] }),
							e6(plon),
							e6(plat),
							e6(plon),
							e6(plat),
							now
						).lastInsertRowid
					);
					ins.link.run(placeId, 'action', aid);
					counts.places++;
				}
			}
		};
		for (const t of towns)
			addProgramme(
				`acv-${t.insee_com}`,
				`Action Cœur de Ville – ${t.lib_com}`,
				'action_coeur_de_ville',
				ACV_AXES,
				25,
				Number(t.lon),
				Number(t.lat),
				t.lib_com
			);
		const allTowns = csv('acv_communes.csv');
		for (let i = 0; i < (opts.neighbourhoods ?? 1362); i++) {
			const q = qpv[i % qpv.length];
			const t = allTowns[i % allTowns.length];
			addProgramme(
				`qpv-${i + 1}`,
				`Contrat de ville – ${q.nom_qp}${i >= qpv.length ? ` (${Math.floor(i / qpv.length) + 1})` : ''}`,
				'contrat_de_ville',
				CDV_AXES,
				17,
				Number(t.lon),
				Number(t.lat),
				q.commune_qp ?? t.lib_com
			);
		}
		const entries = opts.auditEntries ?? 1_000_000;
		const start = Date.parse('2019-01-01T00:00:00Z');
		const span = Date.parse('2026-11-23T00:00:00Z') - start;
		for (let i = 0; i < entries; i++) {
			const kind = pick(['action', 'milestone', 'funding_line']);
			const entityId =
				1 +
				Math.floor(
					r() *
						(kind === 'action'
							? counts.actions
							: kind === 'milestone'
								? counts.milestones
								: counts.funding)
				);
			const at = new Date(start + (span * i) / entries).toISOString();
			const before =
				kind === 'action'
					? { status: 'non_renseigne', progress: null, version: 1 }
					: { status: 'planned', version: 1 };
			const after =
				kind === 'action'
					? { status: pick(STATUSES), progress: Math.floor(r() * 101), version: 2 }
					: { status: pick(['planned', 'done']), version: 2 };
			ins.audit.run(
				at,
				pick(['Agent A', 'Agent B', 'Agent C']),
				kind,
				entityId,
				'update',
				JSON.stringify(before),
				JSON.stringify(after)
			);
		}
		counts.audit = entries;
	})();
	c.pragma('optimize');
	c.close();
	return { seconds: (performance.now() - started) / 1000, counts };
}

/** The bench's accounts, one per role; the project managers each hold three programmes. */
export const BENCH_PASSWORD = 'Banc-National-2026';
export const BENCH_ACCOUNTS = [
	{ key: 'elu', email: 'elu@banc.example', role: 'elu' as const },
	{
		key: 'chef',
		email: 'chef@banc.example',
		role: 'chef_de_projet' as const,
		programmes: ['acv-46042', 'qpv-1', 'qpv-2']
	},
	{
		key: 'chef2',
		email: 'chef2@banc.example',
		role: 'chef_de_projet' as const,
		programmes: ['acv-01053', 'qpv-3', 'qpv-4']
	},
	{
		key: 'partenaire',
		email: 'partenaire@banc.example',
		role: 'partenaire' as const,
		organisation: 'ars'
	},
	{ key: 'relogement', email: 'relogement@banc.example', role: 'charge_relogement' as const },
	{ key: 'admin', email: 'admin@banc.example', role: 'admin' as const }
];

/** Adds the bench's accounts to a generated database (argon2 hashing: async). */
export async function addAccounts(file: string): Promise<void> {
	const db = openDatabase(file, { migrationsDir: path.resolve('drizzle') });
	try {
		for (const { key: _, ...a } of BENCH_ACCOUNTS) {
			const { user } = await createUser(
				db,
				{ ...a, name: a.email },
				{ name: 'banc' },
				BENCH_PASSWORD
			);
			db.update(users).set({ mustChangePassword: false }).where(eq(users.id, user.id)).run();
		}
	} finally {
		db.$client.close();
	}
}

if (process.argv[1] && import.meta.filename === path.resolve(process.argv[1])) {
	const out = generate({ file: process.argv[2] ?? 'bench/national.db' });
	console.log(out);
}
