import { sql } from 'drizzle-orm';
import type { Db } from '../db';

export type SubjectType = 'programme' | 'action' | 'operation' | 'building' | 'place';

export interface Subject {
	type: SubjectType;
	id: number;
	label: string;
	href: string;
	context: string | null;
}

/** A readable label and a page address for any linked record. */
export function describeSubjects(db: Db, refs: { type: string; id: number }[]): Subject[] {
	return refs.flatMap((r): Subject[] => {
		const row = db.get<{ label: string; href: string; context: string | null } | undefined>(
			subjectSql(r.type, r.id)
		);
		return row ? [{ type: r.type as SubjectType, id: r.id, ...row }] : [];
	});
}

function subjectSql(type: string, id: number) {
	switch (type) {
		case 'programme':
			return sql`select name as label, '/programmes/' || slug as href, null as context from programmes where id = ${id}`;
		case 'action':
			return sql`select case when a.number is not null then 'Action ' || a.code || ' – ' else '' end || a.title as label,
				'/programmes/' || p.slug || '/actions/' || a.code as href, p.short_name as context
				from action_items a join programmes p on p.id = a.programme_id where a.id = ${id}`;
		case 'operation':
			return sql`select o.name as label, '/operations/' || o.slug as href, p.short_name as context
				from operations o left join programmes p on p.id = o.programme_id where o.id = ${id}`;
		case 'building':
			return sql`select b.name || ' – ' || o.name as label, '/operations/' || o.slug as href, null as context
				from buildings b join operations o on o.id = b.operation_id where b.id = ${id}`;
		default:
			return sql`select name as label, '/carte?lieu=' || slug as href, null as context from places where id = ${id}`;
	}
}

export interface LinkView {
	kind: string;
	note: string | null;
	direction: 'out' | 'in';
	other: Subject;
	citationId: number | null;
}

/** Every typed link that starts or ends at a record, with the record on the other side. */
export function linksOf(db: Db, type: string, id: number): LinkView[] {
	const rows = db.all<{
		fromType: string;
		fromId: number;
		toType: string;
		toId: number;
		kind: string;
		note: string | null;
		citationId: number | null;
	}>(sql`select from_type as fromType, from_id as fromId, to_type as toType, to_id as toId, kind, note, citation_id as citationId
		from links where (from_type = ${type} and from_id = ${id}) or (to_type = ${type} and to_id = ${id})`);
	return rows.flatMap((r) => {
		const out = r.fromType === type && r.fromId === id;
		const [other] = describeSubjects(db, [
			{ type: out ? r.toType : r.fromType, id: out ? r.toId : r.fromId }
		]);
		return other
			? [
					{
						kind: r.kind,
						note: r.note,
						direction: out ? 'out' : 'in',
						other,
						citationId: r.citationId
					}
				]
			: [];
	});
}

export interface PlaceBrief {
	id: number;
	slug: string;
	name: string;
	kind: string;
	inferred: boolean;
	confidence: string | null;
	note: string | null;
	geometry: string;
}

/** Places linked to any of the given subjects. */
export function placesOf(db: Db, subjects: { type: string; id: number }[]): PlaceBrief[] {
	if (subjects.length === 0) return [];
	const cond = sql.join(
		subjects.map((s) => sql`(l.subject_type = ${s.type} and l.subject_id = ${s.id})`),
		sql` or `
	);
	return db
		.all<Omit<PlaceBrief, 'inferred'> & { inferred: number }>(
			sql`
			select distinct p.id, p.slug, p.name, p.kind, p.inferred, p.confidence, p.note, p.geometry
			from places p join place_links l on l.place_id = p.id where ${cond} order by p.id`
		)
		.map((p) => ({ ...p, inferred: Boolean(p.inferred) }));
}
