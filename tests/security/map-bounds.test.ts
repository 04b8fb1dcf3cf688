import { describe, it, expect } from 'vitest';
import { seededDb } from '../helpers';
import { mapFeatures } from '../../src/lib/server/places/features';
import { mapFilterSchema } from '../../src/lib/schemas/filters';
import { MAP_CAP } from '../../src/lib/domain/map';

/** Adds `n` located points spread over France, each locating the first action. */
function spread(n: number) {
	const db = seededDb();
	const c = db.$client;
	const action = c.prepare('select min(id) from action_items').pluck().get() as number;
	const place = c.prepare(
		`insert into places (slug, name, kind, geometry, min_lon_e6, min_lat_e6, max_lon_e6, max_lat_e6, updated_at)
		 values (?, ?, 'point', ?, ?, ?, ?, ?, '2026-01-01')`
	);
	const link = c.prepare(
		`insert into place_links (place_id, subject_type, subject_id) values (?, 'action', ?)`
	);
	c.transaction(() => {
		for (let i = 0; i < n; i++) {
			const lon = -4 + (i % 100) * 0.12;
			const lat = 42.5 + Math.floor(i / 100) * 0.4;
			const id = place.run(
				`p-${i}`,
				`Lieu ${i}`,
				JSON.stringify({ type: 'Point', coordinates: [lon, lat] }),
				Math.round(lon * 1e6),
				Math.round(lat * 1e6),
				Math.round(lon * 1e6),
				Math.round(lat * 1e6)
			).lastInsertRowid;
			link.run(id, action);
		}
	})();
	return db;
}

describe('the map never sends the whole national set', () => {
	it('caps the located items and says so', () => {
		const db = spread(2000);
		const all = mapFeatures(db);
		const items = all.features.filter((f) => f.properties.layer === 'items');
		expect(items).toHaveLength(MAP_CAP.items);
		expect(all.truncated).toBe(true);
		expect(JSON.stringify(all).length).toBeLessThan(1_000_000);
	});

	it('returns only what meets the view’s bounding box', () => {
		const db = spread(2000);
		const bbox = mapFilterSchema.parse({ bbox: '1.40,44.40,1.50,44.50' }).bbox;
		const view = mapFeatures(db, { bbox });
		expect(view.truncated).toBe(false);
		const items = view.features.filter((f) => f.properties.layer === 'items');
		expect(items.length).toBeGreaterThan(0);
		for (const f of items) {
			// Every located item of the seed and of `spread` is a point.
			const [lon, lat] = (f.geometry as { coordinates: [number, number] }).coordinates;
			expect(lon).toBeGreaterThanOrEqual(1.3);
			expect(lon).toBeLessThanOrEqual(1.6);
			expect(lat).toBeGreaterThanOrEqual(44.3);
			expect(lat).toBeLessThanOrEqual(44.6);
		}
	});

	it.each(['1,2,3', '1.5,44,1.4,45', 'a,b,c,d', '-200,0,0,1', '1,2,3,4,5'])(
		'refuses the bbox %s',
		(bbox) => {
			expect(mapFilterSchema.safeParse({ bbox }).success).toBe(false);
		}
	);
});
