import { sql } from 'drizzle-orm';
import type { Geometry } from '../db/schema/places';
import type { Db } from '../db';
import { formatEuros } from '../../domain/money';
import { ACTION_STATUS, label } from '../../domain/labels';
import {
	programmeColour,
	STATUS_SHAPE,
	type LayerId,
	MAP_CAP,
	type Bbox,
	type MapFeature,
	type MapFeatureCollection
} from '../../domain/map';

export interface MapFilter {
	programme?: string;
	axis?: string;
	status?: string;
	q?: string;
	/** only places whose extent meets this box */
	bbox?: Bbox;
}

/** Places whose bounding box meets the filter's (coordinates stored in millionths of a degree). */
const inBox = (bbox: Bbox | undefined, alias = '') => {
	if (!bbox) return sql`1 = 1`;
	const [w, s, e, n] = bbox.map((v) => Math.round(v * 1e6));
	const c = (name: string) => sql.raw(`${alias}${name}`);
	return sql`${c('max_lon_e6')} >= ${w} and ${c('min_lon_e6')} <= ${e} and ${c('max_lat_e6')} >= ${s} and ${c('min_lat_e6')} <= ${n}`;
};

interface ItemRow {
	linkId: number;
	placeSlug: string;
	placeName: string;
	kind: string;
	inferred: number;
	note: string | null;
	geometry: string;
	subjectType: string;
	title: string;
	href: string;
	programme: string;
	programmeName: string;
	programmePosition: number;
	axis: string | null;
	status: string;
	progress: number | null;
	budgetCents: number | null;
}

const REFERENCE_KINDS: Record<string, LayerId> = {
	qpv: 'qpv',
	poverty_pocket: 'poverty',
	building: 'buildings'
};

/**
 * Reference layers (boundaries, priority neighbourhood, poverty pockets, buildings): not filtered by
 * programme, but by the view's box and capped (`limit`, one more read to know it was reached).
 */
function referenceFeatures(
	db: Db,
	placeIds?: number[],
	bbox?: Bbox,
	limit: number = MAP_CAP.references
): MapFeature[] {
	const where = placeIds
		? placeIds.length
			? sql`id in ${placeIds}`
			: sql`0`
		: sql`kind in ('boundary', 'qpv', 'poverty_pocket', 'building') and ${inBox(bbox)}`;
	const rows = db.all<{
		id: number;
		slug: string;
		name: string;
		kind: string;
		inferred: number;
		note: string | null;
		geometry: string;
	}>(
		sql`select id, slug, name, kind, inferred, note, geometry from places where ${where} order by id limit ${limit + 1}`
	);
	return rows.map((p) => ({
		type: 'Feature',
		id: 1_000_000_000 + p.id,
		geometry: JSON.parse(p.geometry) as Geometry,
		properties: {
			layer:
				p.kind === 'boundary'
					? p.slug.startsWith('epci')
						? 'epci'
						: 'commune'
					: (REFERENCE_KINDS[p.kind] ?? 'items'),
			name: p.name,
			placeSlug: p.slug,
			kind: p.kind,
			inferred: Boolean(p.inferred),
			note: p.note,
			title: p.name,
			href: null,
			subjectType: null,
			programme: null,
			programmeName: null,
			colour: '#4a5360',
			axis: null,
			status: null,
			statusLabel: null,
			shape: 'filled',
			progress: null,
			budgetCents: null,
			budgetLabel: 'non renseigné'
		}
	}));
}

/** One feature per located action or operation (a place linked to it), with what its popup shows. */
function itemFeatures(
	db: Db,
	f: MapFilter,
	subjects?: { type: string; id: number }[],
	limit: number = MAP_CAP.items
): MapFeature[] {
	// Filters go inside each branch so SQLite narrows through its indexes before joining.
	const like = f.q ? `%${f.q.replace(/[%_\\]/g, (c) => `\\${c}`)}%` : null;
	const branch = (kind: 'action' | 'operation') => {
		const title = kind === 'action' ? sql`a.title` : sql`o.name`;
		const w = [sql`1 = 1`];
		if (f.programme) w.push(sql`pr.slug = ${f.programme}`);
		if (f.axis) w.push(kind === 'action' ? sql`ax.code = ${f.axis}` : sql`0`);
		if (f.status)
			w.push(kind === 'action' ? sql`a.status = ${f.status}` : sql`o.status = ${f.status}`);
		if (like) w.push(sql`(${title} like ${like} escape '\\' or p.name like ${like} escape '\\')`);
		if (f.bbox) w.push(inBox(f.bbox, 'p.'));
		if (subjects) {
			const ids = subjects.filter((s) => s.type === kind).map((s) => s.id);
			w.push(ids.length ? sql`l.subject_id in ${ids}` : sql`0`);
		}
		return sql.join(w, sql` and `);
	};
	// The union picks and orders the links with their small columns only; the geometry and the budget
	// (a sum over funding lines) are read for the rows kept, not for every located item of the country.
	const rows = db.all<ItemRow>(sql`
		select x.linkId, p.slug as placeSlug, p.name as placeName, p.kind, p.inferred, p.note, p.geometry,
			x.subjectType, x.title, x.href, x.programme, x.programmeName, x.programmePosition, x.axis,
			x.status, x.progress,
			case when x.subjectType = 'action'
				then (select sum(amount_cents) from funding_lines fl where fl.action_id = x.subjectId)
				else coalesce(x.totalCostCents,
					(select sum(amount_cents) from funding_lines fl where fl.operation_id = x.subjectId))
			end as budgetCents
		from (
			select * from (
				select l.id as linkId, l.place_id as placeId, 'action' as subjectType, a.id as subjectId,
					case when a.number is not null then 'Action ' || a.code || ' – ' else '' end || a.title as title,
					'/programmes/' || pr.slug || '/actions/' || a.code as href,
					pr.slug as programme, pr.short_name as programmeName, pr.position as programmePosition,
					ax.code as axis, a.status, a.progress, null as totalCostCents
				from programmes pr
				join action_items a on a.programme_id = pr.id
				join place_links l on l.subject_type = 'action' and l.subject_id = a.id
				join places p on p.id = l.place_id
				left join axes ax on ax.id = a.axis_id
				where ${branch('action')}
				union all
				select l.id, l.place_id, 'operation', o.id, o.name, '/operations/' || o.slug,
					pr.slug, pr.short_name, pr.position, null, o.status, o.progress, o.total_cost_cents
				from programmes pr
				join operations o on o.programme_id = pr.id
				join place_links l on l.subject_type = 'operation' and l.subject_id = o.id
				join places p on p.id = l.place_id
				where ${branch('operation')}
			)
			order by programmePosition, title, linkId
			limit ${limit + 1}
		) x
		join places p on p.id = x.placeId
		order by x.programmePosition, x.title, x.linkId`);
	return rows.map((r) => ({
		type: 'Feature',
		id: r.linkId,
		geometry: JSON.parse(r.geometry) as Geometry,
		properties: {
			layer: 'items',
			name: r.placeName,
			placeSlug: r.placeSlug,
			kind: r.kind,
			inferred: Boolean(r.inferred),
			note: r.note,
			title: r.title,
			href: r.href,
			subjectType: r.subjectType,
			programme: r.programme,
			programmeName: r.programmeName,
			colour: programmeColour(r.programmePosition),
			axis: r.axis,
			status: r.status,
			statusLabel: label(ACTION_STATUS, r.status),
			shape: STATUS_SHAPE[r.status] ?? 'hollow',
			progress: r.progress,
			budgetCents: r.budgetCents,
			budgetLabel: formatEuros(r.budgetCents)
		}
	}));
}

/**
 * The map's FeatureCollection: reference layers plus the filtered located items, within the view's
 * box when one is given, each capped (MAP_CAP); `truncated` says a cap was reached.
 */
export function mapFeatures(
	db: Db,
	filter: MapFilter = {},
	cap: { items: number; references: number } = MAP_CAP
): MapFeatureCollection {
	const references = referenceFeatures(db, undefined, filter.bbox, cap.references);
	const items = itemFeatures(db, filter, undefined, cap.items);
	const truncated = references.length > cap.references || items.length > cap.items;
	return {
		type: 'FeatureCollection',
		features: [...references.slice(0, cap.references), ...items.slice(0, cap.items)],
		truncated,
		limit: cap.items
	};
}

/** Features of one page's subjects (an action, an operation and its buildings, an organisation's records). */
export function subjectFeatures(
	db: Db,
	subjects: { type: string; id: number }[],
	extraPlaceIds: number[] = []
): MapFeatureCollection {
	return {
		type: 'FeatureCollection',
		features: [
			...(extraPlaceIds.length ? referenceFeatures(db, extraPlaceIds) : []),
			...itemFeatures(db, {}, subjects)
		]
	};
}
