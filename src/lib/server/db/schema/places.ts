import { sqliteTable, integer, text, index } from 'drizzle-orm/sqlite-core';
import { checks } from '../constraints';
import { citations } from './sources';

export type Geometry =
	| { type: 'Point'; coordinates: [number, number] }
	| { type: 'Polygon'; coordinates: number[][][] }
	| { type: 'MultiPolygon'; coordinates: number[][][][] };

export const places = sqliteTable(
	'places',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		slug: text('slug').notNull().unique(),
		name: text('name').notNull(),
		kind: text('kind').notNull(),
		geometry: text('geometry', { mode: 'json' }).$type<Geometry>().notNull(),
		/** min/max lon/lat, so bounding-box filters need no JSON parsing */
		minLon: integer('min_lon_e6').notNull(),
		minLat: integer('min_lat_e6').notNull(),
		maxLon: integer('max_lon_e6').notNull(),
		maxLat: integer('max_lat_e6').notNull(),
		inferred: integer('inferred', { mode: 'boolean' }).notNull().default(false),
		confidence: text('confidence'),
		note: text('note'),
		attribution: text('attribution'),
		citationId: integer('citation_id').references(() => citations.id),
		version: integer('version').notNull().default(1),
		updatedAt: text('updated_at').notNull()
	},
	(t) => [index('places_kind_idx').on(t.kind), ...checks('places')]
);

/** Which records a place locates: an action, an operation, a building, a programme. */
export const placeLinks = sqliteTable(
	'place_links',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		placeId: integer('place_id')
			.notNull()
			.references(() => places.id),
		subjectType: text('subject_type').notNull(),
		subjectId: integer('subject_id').notNull()
	},
	(t) => [
		index('place_links_place_idx').on(t.placeId),
		index('place_links_subject_idx').on(t.subjectType, t.subjectId)
	]
);
