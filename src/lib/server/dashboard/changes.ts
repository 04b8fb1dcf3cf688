import { countOf } from '../../domain/numbers';
import { sql } from 'drizzle-orm';
import type { Db } from '../db';
import { describeChange, SEED_ACTOR, type ChangeCategory } from '../../domain/changes';
import { publicActor } from '../../domain/roles';
import { CHANGES_LIMIT } from '../../domain/limits';
import { memo } from '../cache';

export interface ChangeView {
	id: number;
	at: string;
	actor: string;
	category: ChangeCategory;
	text: string;
	subject: string;
	href: string | null;
	programme: string | null;
}

type Described = ReturnType<typeof describeChange>;
/** Entries described, per connection, by audit id: an entry never changes (ids are never reused). */
const describedBy = new WeakMap<object, Map<number, Described>>();
const DESCRIBED_KEPT = 4 * CHANGES_LIMIT;

/**
 * What each entry says, read and described once: after a write the list is read again, and only the
 * new entries' before/after are read, parsed and put in words (the rest, up to 500 entries, was
 * about 4 ms of the national dashboard right after every write).
 */
function describedEntries(
	db: Db,
	rows: { id: number; entityType: string; operation: string }[]
): Map<number, Described> {
	let kept = describedBy.get(db.$client);
	if (!kept) describedBy.set(db.$client, (kept = new Map<number, Described>()));
	const found = new Map<number, Described>();
	for (const r of rows) {
		const d = kept.get(r.id);
		if (d) found.set(r.id, d);
	}
	const missing = rows.filter((r) => !found.has(r.id));
	if (!missing.length) return found;
	const byId = new Map(missing.map((r) => [r.id, r]));
	for (const e of db.all<{ id: number; before: string | null; after: string | null }>(
		sql`select id, before, after from audit_log where id in ${[...byId.keys()]}`
	)) {
		const r = byId.get(e.id)!;
		const d = describeChange({
			entityType: r.entityType,
			operation: r.operation,
			before: e.before ? (JSON.parse(e.before) as Record<string, unknown>) : null,
			after: e.after ? (JSON.parse(e.after) as Record<string, unknown>) : null
		});
		found.set(e.id, d);
		kept.set(e.id, d);
	}
	// The oldest described first out (a Map keeps its insertion order).
	for (const id of kept.keys()) {
		if (kept.size <= DESCRIBED_KEPT) break;
		kept.delete(id);
	}
	return found;
}

/** The audit entries since a date, with the record each concerns and what it says. */
function recentEntries(db: Db, since: string) {
	// The date index, not the entity one: a recent window of a long log is small.
	const rows = db.all<{
		id: number;
		at: string;
		actor: string;
		userId: number | null;
		role: string | null;
		organisation: string | null;
		entityType: string;
		entityId: number;
		operation: string;
	}>(sql`
		select l.id, l.at, l.actor, l.user_id as userId, u.role, coalesce(o.short_name, o.name) as organisation,
			l.entity_type as entityType, l.entity_id as entityId, l.operation
		from audit_log l indexed by audit_at_idx
		left join users u on u.id = l.user_id left join organisations o on o.id = u.organisation_id
		where l.at >= ${since} and l.entity_type in ('milestone', 'action', 'operation', 'funding_line')
		order by l.at desc limit ${CHANGES_LIMIT + 1}`);
	const truncated = rows.length > CHANGES_LIMIT;
	const idsOf = (type: string) => [
		...new Set(rows.filter((r) => r.entityType === type).map((r) => r.entityId))
	];
	const subjects = new Map<string, { subject: string; href: string; programme: string }>();
	const load = (type: string, q: (ids: number[]) => ReturnType<typeof sql>) => {
		const ids = idsOf(type);
		if (!ids.length) return;
		for (const r of db.all<{ id: number; subject: string; href: string; programme: string }>(
			q(ids)
		))
			subjects.set(`${type}:${r.id}`, r);
	};
	load(
		'action',
		(ids) => sql`
		select a.id, case when a.number is not null then 'Action ' || a.code || ' – ' else '' end || a.title as subject,
			'/programmes/' || p.slug || '/actions/' || a.code as href, p.slug as programme
		from action_items a join programmes p on p.id = a.programme_id where a.id in ${ids}`
	);
	load(
		'operation',
		(ids) => sql`
		select o.id, o.name as subject, '/operations/' || o.slug as href, p.slug as programme
		from operations o join programmes p on p.id = o.programme_id where o.id in ${ids}`
	);
	load(
		'milestone',
		(ids) => sql`
		select m.id, m.title || ' (' || coalesce(o.name, a.title) || ')' as subject,
			case when o.id is not null then '/operations/' || o.slug else '/programmes/' || p.slug || '/actions/' || a.code end as href,
			p.slug as programme
		from milestones m left join action_items a on a.id = m.action_id left join operations o on o.id = m.operation_id
		join programmes p on p.id = coalesce(a.programme_id, o.programme_id) where m.id in ${ids}`
	);
	load(
		'funding_line',
		(ids) => sql`
		select fl.id, fl.label || ' – ' || coalesce(o.name, a.title) as subject,
			case when o.id is not null then '/operations/' || o.slug else '/programmes/' || p.slug || '/actions/' || a.code end as href,
			p.slug as programme
		from funding_lines fl left join action_items a on a.id = fl.action_id left join operations o on o.id = fl.operation_id
		join programmes p on p.id = coalesce(a.programme_id, o.programme_id) where fl.id in ${ids}`
	);
	const listed = rows.slice(0, CHANGES_LIMIT);
	const seeded = listed.filter(isSeed);
	const others = listed.filter((r) => !isSeed(r));
	return { truncated, subjects, seeded, listed: others, described: describedEntries(db, others) };
}

/** The initial load of the source documents is one event, not one line per record. */
const isSeed = (r: { actor: string; userId: number | null }) =>
	r.userId === null && r.actor === SEED_ACTOR;

/**
 * Audit entries since a date, sorted into "what changed" categories, each with the record it concerns.
 * Labels are resolved with one query per kind of record, not one per entry. The entries are read
 * once per write and window: the dashboard of each reader (names or roles, one programme or all) and
 * the council report share them (national bench: about 4 ms each after every write).
 */
export function changesSince(
	db: Db,
	since: string,
	programme?: string,
	perCategory = 50,
	/** staff names are shown to signed-in staff only; the public sees a role or an organisation */
	names = false,
	/** the initial import as one line ("Import initial des données : N éléments"); the council report leaves it out */
	seedLine = true
): { changes: ChangeView[]; truncated: boolean; counts: Record<string, number> } {
	const { truncated, subjects, seeded, listed, described } = memo(db, `changes|${since}`, () =>
		recentEntries(db, since)
	);
	const changes = listed.flatMap((r) => {
		const s = subjects.get(`${r.entityType}:${r.entityId}`);
		if (programme && s?.programme !== programme) return [];
		return (described.get(r.id) ?? []).map((c) => ({
			id: r.id,
			at: r.at,
			actor: names ? r.actor : publicActor(r.role, r.organisation),
			...c,
			subject: s?.subject ?? 'Élément supprimé',
			href: s?.href ?? null,
			programme: s?.programme ?? null
		}));
	});
	if (seeded.length && seedLine)
		changes.push({
			id: seeded[0].id,
			at: seeded[0].at,
			actor: SEED_ACTOR,
			category: 'other',
			text: `Import initial des données : ${countOf(seeded.length, 'élément')}`,
			subject: 'Documents sources',
			href: null,
			programme: null
		});
	// Pages list a few per category; the counts say how many there are in all.
	const counts: Record<string, number> = {};
	const kept = changes.filter(
		(c) => (counts[c.category] = (counts[c.category] ?? 0) + 1) <= perCategory
	);
	return { changes: kept, truncated, counts };
}
