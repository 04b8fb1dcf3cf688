import { describe, it, expect } from 'vitest';
import { sql } from 'drizzle-orm';
import { seededDb } from './helpers';
import { replacePlaceGeometry } from '../src/lib/server/places/commands';
import { mapFeatures } from '../src/lib/server/places/features';

describe('places', () => {
	it('replaces the 2015 QPV perimeter by another and audits it', () => {
		const db = seededDb();
		const square = {
			type: 'Polygon' as const,
			coordinates: [
				[
					[1.45, 44.46],
					[1.46, 44.46],
					[1.46, 44.47],
					[1.45, 44.46]
				]
			]
		};
		const updated = replacePlaceGeometry(
			db,
			{
				slug: 'qpv-terre-rouge',
				geometry: square,
				name: 'Quartier prioritaire Terre-Rouge – périmètre 2024',
				inferred: false
			},
			{ name: 'test' }
		);
		expect(updated.version).toBe(2);
		expect(updated.minLon).toBe(1_450_000);
		const audit = db.get<{ n: number; after: string }>(
			sql`select count(*) as n, after from audit_log where entity_type = 'place' and operation = 'update'`
		);
		expect(audit.n).toBe(1);
		expect(JSON.parse(audit.after).name).toContain('2024');
		const qpv = mapFeatures(db).features.find((f) => f.properties.layer === 'qpv')!;
		expect(qpv.geometry).toEqual(square);
	});

	it('refuses a malformed geometry and changes nothing', () => {
		const db = seededDb();
		const bad = {
			type: 'Polygon' as const,
			coordinates: [
				[
					[1.45, 44.46],
					[200, 44.46]
				]
			]
		};
		expect(() =>
			replacePlaceGeometry(
				db,
				{ slug: 'qpv-terre-rouge', geometry: bad, inferred: false },
				{ name: 't' }
			)
		).toThrow();
		const row = db.get<{ version: number }>(
			sql`select version from places where slug = 'qpv-terre-rouge'`
		);
		expect(row.version).toBe(1);
	});

	it('filters located items by programme, status and text', () => {
		const db = seededDb();
		const items = (f = {}) =>
			mapFeatures(db, f).features.filter((x) => x.properties.layer === 'items');
		const all = items();
		expect(all.length).toBeGreaterThan(10);
		expect(
			items({ programme: 'terre-rouge' }).every((f) => f.properties.programme === 'terre-rouge')
		).toBe(true);
		expect(
			items({ status: 'premieres_realisations' }).every(
				(f) => f.properties.status === 'premieres_realisations'
			)
		).toBe(true);
		expect(items({ q: 'Halle' }).map((f) => f.properties.title)).toEqual([
			'Action 6 – Requalification de la Halle de Cahors'
		]);
		expect(items({ q: '%' })).toEqual([]);
	});
});
