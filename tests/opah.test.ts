import { describe, it, expect } from 'vitest';
import { seededDb } from './helpers';
import { ConflictError } from '../src/lib/server/editing/errors';
import { activeRules } from '../src/lib/server/opah/rules';
import { simulate, incomeCeiling, type SimulationInput } from '../src/lib/domain/opah';
import { simulationQuery } from '../src/lib/schemas/opah';
import { RENT_TABLE, INCOME_TABLE, INCOME_INCREASE_PER_DEPENDANT } from './fixtures/opah-ru-notice';

const rules = activeRules(seededDb());
const cents = (euros: number) => Math.round(euros * 100);
const base: SimulationInput = {
	surface: 60,
	works: 'lourds',
	cost: 70_000,
	gain35: true,
	renforce: true,
	vacant: false,
	fusion: false,
	rent: 'LI',
	adults: 2,
	dependants: 0
};
const amount = (r: ReturnType<typeof simulate>, funder: string) =>
	r.subsidies.find((s) => s.funder === funder)?.amountCents;

describe('rent ceilings: every cell of the notice', () => {
	// The notice's table typed in a fixture, not read from our data file.
	it('the notice has 101 rows, 20 to 120 m²', () => {
		expect(RENT_TABLE.map((r) => r[0])).toEqual(Array.from({ length: 101 }, (_, i) => i + 20));
	});
	it.each(RENT_TABLE)('%i m²', (surface, liMonthly, liM2, lcsMonthly, lcsM2) => {
		const li = simulate(rules, { ...base, surface, rent: 'LI' }).rent!;
		const lcs = simulate(rules, { ...base, surface, rent: 'LCS' }).rent!;
		expect([li.monthlyMaxCents, li.perM2Cents, lcs.monthlyMaxCents, lcs.perM2Cents]).toEqual([
			cents(liMonthly),
			cents(liM2),
			cents(lcsMonthly),
			cents(lcsM2)
		]);
	});
	it('says the notice gives no figure outside 20-120 m² rather than guessing', () => {
		for (const surface of [19, 15.5, 121, 200]) {
			const r = simulate(rules, { ...base, surface });
			expect(r.rent).toBeNull();
			expect(r.rentNote).toMatch(/ne donne pas de plafond/);
		}
	});
});

describe('tenant income ceilings: every cell of the notice', () => {
	it.each(INCOME_TABLE)('%i adult(s), %i dependant(s)', (adults, dependants, li, lcs, lcts) => {
		expect(incomeCeiling(rules, 'LI', adults, dependants)).toBe(li * 100);
		expect(incomeCeiling(rules, 'LCS', adults, dependants)).toBe(lcs * 100);
		// the third column, very social rent
		expect(incomeCeiling(rules, 'LCTS', adults, dependants)).toBe(lcts * 100);
	});
	it('adds the per-person increase beyond 4 dependants', () => {
		const [liIncrease, lcsIncrease] = INCOME_INCREASE_PER_DEPENDANT;
		expect(incomeCeiling(rules, 'LI', 2, 6)).toBe((70_000 + 2 * liIncrease) * 100);
		expect(incomeCeiling(rules, 'LCS', 1, 5)).toBe((52_189 + lcsIncrease) * 100);
		expect(incomeCeiling(rules, 'LCTS', 1, 5)).toBe(
			(28_704 + INCOME_INCREASE_PER_DEPENDANT[2]) * 100
		);
	});
	it('gives a social rent’s simulation the very social ceiling too, and no other', () => {
		expect(
			simulate(rules, { ...base, rent: 'LCS', adults: 2, dependants: 0 }).veryLowIncomeCeilingCents
		).toBe(16_270 * 100);
		expect(simulate(rules, { ...base, rent: 'LI' }).veryLowIncomeCeilingCents).toBeNull();
	});
});

describe('subsidies, worked by hand', () => {
	it('heavy works, 60 m², 70 000 € HT, 35 % gain, reinforced perimeter', () => {
		const r = simulate(rules, base);
		expect(r.baseCents).toBe(6_000_000); // 1 000 €/m² × 60 m²
		expect(amount(r, 'Anah')).toBe(2_100_000); // 35 %
		expect(amount(r, 'Anah – prime ASE')).toBe(150_000);
		expect(amount(r, 'Grand Cahors')).toBe(900_000); // 15 % at most
		expect(amount(r, 'Région Occitanie – éco-chèque')).toBe(100_000);
		expect(amount(r, 'Département du Lot')).toBe(250_000);
		expect(r.totalCents).toBe(3_500_000);
		expect(r.remainingCents).toBe(3_500_000);
		expect(r.subsidies.find((s) => s.funder === 'Grand Cahors')!.conditional).toBe(true);
		expect(r.commitments.join(' ')).toMatch(/9 ans/);
		expect(r.disclaimer).toMatch(/maximaux/);
	});
	it('safety works on 100 m²: the base is capped at 80 m²; no bonus outside the conditions', () => {
		const r = simulate(rules, {
			...base,
			works: 'securite',
			surface: 100,
			cost: 80_000,
			gain35: false,
			renforce: false
		});
		expect(r.baseCents).toBe(6_000_000); // 750 €/m² × 80 m²
		expect(amount(r, 'Anah')).toBe(2_100_000);
		expect(amount(r, 'Anah – prime ASE')).toBe(0);
		expect(amount(r, 'Grand Cahors')).toBe(0);
		// Région and Département cells span every row of the notice's table; both are "selon conditions".
		expect(amount(r, 'Région Occitanie – éco-chèque')).toBe(100_000);
		expect(r.subsidies.find((s) => s.funder === 'Département du Lot')!.conditional).toBe(true);
		expect(r.totalCents).toBe(2_100_000 + 100_000 + 250_000);
		expect(r.remainingCents).toBe(8_000_000 - r.totalCents);
	});
	it('degraded dwelling: 25 %, and a cost under the ceiling is the base', () => {
		const r = simulate(rules, {
			...base,
			works: 'degrade',
			surface: 80,
			cost: 40_000,
			gain35: false,
			renforce: false
		});
		expect(r.baseCents).toBe(4_000_000);
		expect(amount(r, 'Anah')).toBe(1_000_000);
	});
	it('fuel poverty works, exactly 80 m², with vacancy and merger bonuses of unknown amount', () => {
		const r = simulate(rules, {
			...base,
			works: 'energie',
			surface: 80,
			cost: 100_000,
			vacant: true,
			fusion: true
		});
		expect(r.baseCents).toBe(6_000_000);
		expect(amount(r, 'Anah')).toBe(1_500_000);
		expect(
			r.subsidies.filter((s) => s.funder.startsWith('Ville de Cahors')).map((s) => s.amountCents)
		).toEqual([null, null]);
		expect(r.subsidies.find((s) => s.funder.includes('vacance'))!.rule).toMatch(
			/montant non précisé/
		);
	});
	it('80.5 m² is capped like 80 m²; 79 m² is not', () => {
		expect(simulate(rules, { ...base, surface: 80.5, cost: 1_000_000 }).baseCents).toBe(8_000_000);
		expect(simulate(rules, { ...base, surface: 79, cost: 1_000_000 }).baseCents).toBe(7_900_000);
	});
});

describe('simulator parameters', () => {
	it('accepts the documented query and refuses bad values in French', () => {
		const ok = simulationQuery.parse({
			surface: '45,5',
			works: 'lourds',
			cost: '30000',
			gain35: 'true',
			rent: 'LCS',
			adults: '1',
			dependants: '2'
		});
		expect(ok).toMatchObject({ surface: 45.5, gain35: true, renforce: false, dependants: 2 });
		for (const [bad, message] of [
			[{ surface: '-3' }, /La surface du logement doit se situer entre 1 et 1\s000 m²/],
			[{ works: 'toiture' }, /type de travaux/],
			[{ rent: 'LX' }, /type de loyer/],
			[{ adults: '3' }, /nombre d’adultes/],
			[{ dependants: '-1' }, /personnes à charge/],
			[{ cost: 'beaucoup' }, /Le montant des travaux doit être un nombre/]
		] as const) {
			const r = simulationQuery.safeParse({
				surface: '50',
				works: 'lourds',
				cost: '1000',
				rent: 'LI',
				adults: '1',
				...bad
			});
			expect(r.success).toBe(false);
			expect(r.error!.issues[0].message).toMatch(message);
		}
	});
});

import { sql } from 'drizzle-orm';
import * as pipeline from '../src/lib/server/opah/pipeline';
import { FieldError } from '../src/lib/server/editing/errors';

describe('application pipeline', () => {
	const officer = { id: null, name: 'Agent OPAH' };
	const newApp = (db: ReturnType<typeof seededDb>, reference: string, dwellings = 2) =>
		pipeline.createApplication(
			db,
			pipeline.applicationSchema.parse({
				reference,
				address: '12 rue du Château-du-Roi',
				lon: '',
				lat: '',
				dwellings: String(dwellings),
				worksType: 'lourds',
				rentType: 'LI',
				step1On: '2026-01-05'
			}),
			officer
		);

	it('refuses names, e-mails and phone numbers as the owner reference', () => {
		for (const reference of ['Jean Dupont', 'jean@dupont.fr', '06 12 34 56 78', 'DUPONT']) {
			expect(
				pipeline.applicationSchema.safeParse({
					reference,
					address: 'x',
					lon: '',
					lat: '',
					dwellings: '1',
					worksType: 'lourds',
					rentType: 'LI',
					step1On: '2026-01-01'
				}).success,
				reference
			).toBe(false);
		}
	});

	it('moves through the 5 steps, audits each change and counts paid dwellings towards the goal', () => {
		const db = seededDb();
		const app = newApp(db, 'PB-2026-001', 3);
		expect(pipeline.opahProgress(db)).toEqual({
			dwellings: 0,
			applications: 0,
			target: 500,
			targetYear: '2020',
			targetNote: expect.stringContaining('déjà dépassé'),
			masked: true
		});
		let version = 1;
		const dates = ['2026-02-01', '2026-03-01', '2026-05-01', '2026-09-01'];
		for (const on of dates) {
			pipeline.advanceApplication(db, { id: app.id, version, on }, officer);
			version++;
		}
		expect(() =>
			pipeline.advanceApplication(db, { id: app.id, version, on: '2026-10-01' }, officer)
		).toThrow(FieldError);
		expect(() => pipeline.markPaid(db, { id: app.id, version, on: '2026-08-01' }, officer)).toThrow(
			/précéder/
		);
		pipeline.markPaid(db, { id: app.id, version, on: '2026-10-15' }, officer);
		expect(pipeline.opahProgress(db, { exact: true })).toEqual({
			dwellings: 3,
			applications: 1,
			target: 500,
			targetYear: '2020',
			targetNote: expect.stringContaining('déjà dépassé'),
			masked: false
		});
		// One paid application could point at its landlord: masked outside the officers' board.
		expect(pipeline.opahProgress(db)).toMatchObject({
			dwellings: { masked: true },
			applications: { masked: true }
		});
		const audits = db.get<{ n: number }>(
			sql`select count(*) as n from audit_log where entity_type = 'opah_application' and entity_id = ${app.id}`
		).n;
		expect(audits).toBe(1 + 4 + 1);
		const board = pipeline.pipelineBoard(db);
		expect(board.durations.find((d) => d.step === 1)!.days).toBe(27);
		expect(board.durations.find((d) => d.step === 4)!.days).toBe(123);
	});

	it('refuses a step date before the previous one', () => {
		const db = seededDb();
		const app = newApp(db, 'PB-2026-002');
		expect(() =>
			pipeline.advanceApplication(db, { id: app.id, version: 1, on: '2025-12-31' }, officer)
		).toThrow(/précéder/);
	});

	it('records subsidies per funder; paid never exceeds reserved', () => {
		const db = seededDb();
		const app = newApp(db, 'PB-2026-003');
		expect(
			pipeline.subsidySchema.safeParse({
				applicationId: String(app.id),
				funder: 'Anah',
				version: '',
				reserved: '1000',
				paid: '2000'
			}).success
		).toBe(false);
		pipeline.setSubsidy(
			db,
			pipeline.subsidySchema.parse({
				applicationId: String(app.id),
				funder: 'Anah',
				version: '',
				reserved: '21 000',
				paid: ''
			}),
			officer
		);
		const edit = (version: string, paid: string) =>
			pipeline.setSubsidy(
				db,
				pipeline.subsidySchema.parse({
					applicationId: String(app.id),
					funder: 'Anah',
					version,
					reserved: '21 000',
					paid
				}),
				officer
			);
		edit('1', '10 500');
		// Two officers saving the same line from the same page: the second is refused, not lost.
		expect(() => edit('1', '5 000')).toThrow(ConflictError);
		// A form opened before the first save (no version yet) cannot overwrite it either.
		expect(() => edit('', '1 000')).toThrow(ConflictError);
		expect(pipeline.pipelineBoard(db).byFunder).toEqual([
			{ funder: 'Anah', reservedCents: 2_100_000, paidCents: 1_050_000 }
		]);
	});
});
