import { describe, it, expect } from 'vitest';
import { formatEuros, parseEuros } from '../src/lib/domain/money';
import { spreadOverlapping, type MapFeatureProps } from '../src/lib/domain/map';
import {
	formatPreciseDate,
	describePreciseDate,
	periodEnd,
	formatPeriod,
	formatTimestamp
} from '../src/lib/domain/dates';
import {
	isOverdue,
	slipMonths,
	progressFromMilestones,
	rollUpProgress
} from '../src/lib/domain/milestones';
import { checkFundingPlan, type FundingLineLike } from '../src/lib/domain/funding';

const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

describe('money', () => {
	it('formats integer cents the French way', () => {
		expect(plain(formatEuros(453_494_800))).toBe('4 534 948 €');
		expect(plain(formatEuros(12_345))).toBe('123,45 €');
		expect(formatEuros(null)).toBe('non renseigné');
	});
	it('reads amounts typed by people', () => {
		expect(parseEuros('4 534 948 €')).toBe(453_494_800);
		expect(parseEuros('720000,5')).toBe(72_000_050);
		expect(parseEuros('12abc')).toBeNull();
	});
});

describe('dates with precision', () => {
	it('formats each precision', () => {
		expect(formatPreciseDate('2023-10-01', 'quarter')).toBe('T4 2023');
		expect(formatPreciseDate('2024-07-01', 'semester')).toBe('S2 2024');
		expect(formatPreciseDate('2023-09-01', 'month')).toBe('septembre 2023');
		expect(formatPreciseDate('2024-03-22', 'day')).toBe('22 mars 2024');
		expect(formatPreciseDate('2024-03-01', 'day')).toBe('1er mars 2024');
		expect(formatPreciseDate('2025-01-01', 'year')).toBe('2025');
		expect(describePreciseDate('2023-10-01', 'quarter')).toBe('4e trimestre 2023');
		expect(describePreciseDate('2024-01-01', 'semester')).toBe('1er semestre 2024');
	});
	it('knows where a period ends', () => {
		expect(periodEnd('2023-10-01', 'quarter')).toBe('2023-12-31');
		expect(periodEnd('2024-01-01', 'semester')).toBe('2024-06-30');
		expect(periodEnd('2024-02-01', 'month')).toBe('2024-02-29');
		expect(periodEnd('2025-01-01', 'year')).toBe('2025-12-31');
	});
	it('formats timestamps, and bare dates without a time', () => {
		expect(formatTimestamp('2024-03-22T00:00:00.000Z')).toBe('22 mars 2024');
		expect(formatTimestamp('2024-03-22T10:30:00.000Z')).toBe('22 mars 2024 à 11:30');
	});
	it('formats periods', () => {
		expect(formatPeriod('2023-01-01', 'year', '2025-01-01', 'year')).toBe('2023 – 2025');
		expect(formatPeriod(null, null, null, null)).toBe('non renseignée');
	});
});

describe('milestones', () => {
	const t4 = { plannedDate: '2023-10-01', plannedPrecision: 'quarter', status: 'planned' };
	it('is overdue only once its whole period is over', () => {
		expect(isOverdue(t4, '2023-12-31')).toBe(false);
		expect(isOverdue(t4, '2024-01-01')).toBe(true);
		expect(isOverdue({ ...t4, status: 'done' }, '2025-01-01')).toBe(false);
	});
	it('measures the slip against the baseline in months', () => {
		expect(slipMonths({ ...t4, baselineDate: '2023-10-01', baselinePrecision: 'quarter' })).toBe(0);
		expect(
			slipMonths({
				...t4,
				plannedDate: '2024-04-01',
				baselineDate: '2023-10-01',
				baselinePrecision: 'quarter'
			})
		).toBe(6);
	});
	it('rolls progress up from milestones, never inventing 0 %', () => {
		expect(progressFromMilestones([])).toBeNull();
		expect(
			progressFromMilestones([{ status: 'done' }, { status: 'planned' }, { status: 'cancelled' }])
		).toBe(50);
		expect(
			rollUpProgress([{ progress: 100, weight: 3 }, { progress: 0, weight: 1 }, { progress: null }])
		).toBe(75);
		expect(rollUpProgress([{ progress: null }])).toBeNull();
	});
});

describe('funding plan check', () => {
	const line = (amountCents: number, over: Partial<FundingLineLike> = {}): FundingLineLike => ({
		label: 'l',
		kind: 'subsidy',
		amountCents,
		tax: 'TTC',
		status: 'planned',
		organisationId: 1,
		...over
	});
	it('balances when the lines equal the total', () => {
		const c = checkFundingPlan([line(700), line(300, { kind: 'loan' })], {
			cents: 1000,
			tax: 'TTC'
		});
		expect(c.balanced).toBe(true);
		expect(c.gapCents).toBe(0);
		expect(c.warnings).toEqual([]);
		expect(c.byKind).toEqual([
			{ kind: 'subsidy', amountCents: 700, share: 0.7 },
			{ kind: 'loan', amountCents: 300, share: 0.3 }
		]);
	});
	it('shows a gap, a tax mismatch and a line without funder', () => {
		const c = checkFundingPlan([line(600, { tax: 'HT', organisationId: null })], {
			cents: 1000,
			tax: 'TTC'
		});
		expect(c.gapCents).toBe(400);
		expect(c.balanced).toBe(false);
		expect(c.warnings).toHaveLength(3);
	});
	it('says nothing about balance without a total', () => {
		expect(checkFundingPlan([line(5)], { cents: null, tax: null }).balanced).toBeNull();
	});
});

import { describePeriodPlain } from '../src/lib/domain/dates';

describe('plain-language periods for residents', () => {
	it('says which months a period covers', () => {
		expect(describePeriodPlain('2023-10-01', 'quarter')).toBe("d'octobre à décembre 2023");
		expect(describePeriodPlain('2024-01-01', 'semester')).toBe('de janvier à juin 2024');
		expect(describePeriodPlain('2023-09-01', 'month')).toBe('en septembre 2023');
		expect(describePeriodPlain('2025-01-01', 'year')).toBe('en 2025');
	});
});

import { workPhase } from '../src/lib/domain/calendar';

describe('residents calendar phases', () => {
	const step = (status: string, plannedDate: string, plannedPrecision = 'quarter') => ({
		status,
		plannedDate,
		plannedPrecision
	});
	it('tells done, ongoing, next, and past-but-unconfirmed apart', () => {
		expect(workPhase(step('done', '2023-10-01'), '2026-01-01')).toBe('done');
		expect(workPhase(step('in_progress', '2023-10-01'), '2026-01-01')).toBe('ongoing');
		expect(workPhase(step('planned', '2023-10-01'), '2023-11-15')).toBe('ongoing');
		expect(workPhase(step('planned', '2023-10-01'), '2023-09-30')).toBe('next');
		expect(workPhase(step('planned', '2023-10-01'), '2024-01-01')).toBe('unconfirmed');
	});
});

describe('markers at the same point', () => {
	const at = (id: number, lon: number, lat: number) => ({
		type: 'Feature' as const,
		id,
		geometry: { type: 'Point', coordinates: [lon, lat] },
		properties: { title: `#${id}` } as unknown as MapFeatureProps
	});
	it('are drawn apart, a few metres around the point, and say so', () => {
		const out = spreadOverlapping({
			type: 'FeatureCollection',
			features: [at(1, 1.44, 44.45), at(2, 1.44, 44.45), at(3, 1.45, 44.45)]
		});
		const [a, b, c] = out.features;
		expect(a.geometry.coordinates).not.toEqual(b.geometry.coordinates);
		expect(c.geometry.coordinates).toEqual([1.45, 44.45]);
		expect(a.properties.samePlaceAs).toBe(1);
		expect(c.properties.samePlaceAs).toBeUndefined();
		// about 15 m from the recorded point (1e-5 degree of latitude is 1.1 m)
		const [lon, lat] = b.geometry.coordinates as number[];
		const metres = Math.hypot(
			(lon - 1.44) * 111_320 * Math.cos((44.45 * Math.PI) / 180),
			(lat - 44.45) * 111_320
		);
		expect(metres).toBeGreaterThan(14);
		expect(metres).toBeLessThan(16);
	});
});
