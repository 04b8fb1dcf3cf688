import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../db';
import { places, type Geometry } from '../db/schema';
import { recordAudit } from '../audit/writer';
import { bbox } from '../seed';

const position = z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]);
const ring = z.array(position).min(4, 'un contour doit avoir au moins 4 points');
export const geometrySchema = z.union([
	z.object({ type: z.literal('Point'), coordinates: position }),
	z.object({ type: z.literal('Polygon'), coordinates: z.array(ring).min(1) }),
	z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(z.array(ring).min(1)).min(1) })
]);

export const replaceGeometryInput = z.object({
	slug: z.string().min(1),
	geometry: geometrySchema,
	name: z.string().trim().min(1).max(200).optional(),
	note: z.string().trim().max(1000).optional(),
	inferred: z.boolean(),
	attribution: z.string().trim().max(300).optional()
});

/** Replaces a place's geometry (e.g. the 2015 QPV perimeter by the 2024 one), audited in the same transaction. */
export function replacePlaceGeometry(
	db: Db,
	input: Omit<z.input<typeof replaceGeometryInput>, 'geometry'> & { geometry: unknown },
	actor: { id?: number; name: string }
) {
	const data = replaceGeometryInput.parse(input);
	return db.transaction((tx) => {
		const before = tx.select().from(places).where(eq(places.slug, data.slug)).get();
		if (!before) throw new Error(`Lieu inconnu : « ${data.slug} »`);
		const after = {
			geometry: data.geometry as Geometry,
			...bbox(data.geometry),
			name: data.name ?? before.name,
			note: data.note ?? before.note,
			attribution: data.attribution ?? before.attribution,
			inferred: data.inferred,
			version: before.version + 1,
			updatedAt: new Date().toISOString()
		};
		tx.update(places).set(after).where(eq(places.id, before.id)).run();
		recordAudit(tx, {
			userId: actor.id,
			actor: actor.name,
			entityType: 'place',
			entityId: before.id,
			operation: 'update',
			before: {
				geometry: before.geometry,
				name: before.name,
				note: before.note,
				inferred: before.inferred,
				version: before.version
			},
			after: {
				geometry: after.geometry,
				name: after.name,
				note: after.note,
				inferred: after.inferred,
				version: after.version
			}
		});
		return { id: before.id, ...after };
	});
}
