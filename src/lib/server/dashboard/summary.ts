import { sql } from 'drizzle-orm';
import type { Db } from '../db';
import {
	combinePartials,
	computeAggregates,
	dashboardPartials,
	emptyPartial,
	mergePartials,
	type DashboardAggregates,
	type DashboardFilter,
	type ProgrammePartial
} from './queries';

/**
 * The dashboard's summary, kept with the programmes' data versions (table `data_versions`, bumped by
 * triggers in the writing transaction). The country is cut into buckets of BUCKET programmes (by
 * id), each kept added up with its members' versions, and the buckets into groups of GROUP buckets:
 * after an edit, a read recomputes the one bucket it touched (its programmes only, some tens of
 * milliseconds), recombines its group and adds up the groups. Only the combinations are kept, not
 * each programme's own figures, and past the programmes the dashboard details a combination keeps
 * its actions by kind of programme: the summary of 1 606 programmes holds a few megabytes in each
 * server thread (measured: about 25 MB when every programme's figures were kept). The country is
 * recomputed whole only on the first read of a day (the "late" and "due soon" counts depend on
 * today's date) or after a change every programme shows (an organisation's name).
 */

/** Programmes per bucket: more than the dashboard details, so a bucket keeps its actions by kind. */
const BUCKET = 16;
/** Buckets per group. */
const GROUP = 8;
/** Programme dashboards (one programme's figures) kept, the most recently read. */
const PROGRAMMES_KEPT = 64;

interface Bucket {
	ids: number[];
	versions: number[];
	combined: ProgrammePartial;
}

/** A group of buckets added up, kept while its members are the same objects. */
interface Group {
	members: ProgrammePartial[];
	combined: ProgrammePartial;
}

interface Summary {
	buckets: Bucket[];
	groups: Group[];
	programmes: Map<number, { version: number; partial: ProgrammePartial }>;
	basis: { site: number; today: string };
	/** The national aggregates at data version `all` (the summary itself is of one day). */
	merged: { all: number; value: DashboardAggregates } | null;
}

/** One summary per database connection (tests open several in one process). */
const summaries = new WeakMap<object, Summary>();

function summaryOf(db: Db, today: string, site: number): Summary {
	let s = summaries.get(db.$client);
	if (!s || s.basis.site !== site || s.basis.today !== today) {
		s = { buckets: [], groups: [], programmes: new Map(), basis: { site, today }, merged: null };
		summaries.set(db.$client, s);
	}
	return s;
}

/** Buckets recomputed by one set of queries. */
const BUCKETS_AT_ONCE = 16;

function versions(db: Db): { all: number; site: number; byProgramme: Map<number, number> } {
	const rows = db.all<{ scope: string; version: number }>(
		sql`select scope, version from data_versions`
	);
	const byProgramme = new Map<number, number>();
	let all = 0;
	let site = 0;
	for (const r of rows) {
		if (r.scope === 'all') all = r.version;
		else if (r.scope === 'site') site = r.version;
		else if (r.scope.startsWith('programme:'))
			byProgramme.set(Number(r.scope.slice(10)), r.version);
	}
	return { all, site, byProgramme };
}

const sameList = (a: number[], b: number[]) =>
	a.length === b.length && a.every((x, i) => x === b[i]);

/** Every bucket of the country, those whose programmes were written since recomputed. */
function freshBuckets(
	db: Db,
	s: Summary,
	today: string,
	v: ReturnType<typeof versions>
): ProgrammePartial[] {
	const ids = db.all<{ id: number }>(sql`select id from programmes order by id`).map((r) => r.id);
	const stale: Bucket[] = [];
	const buckets: Bucket[] = [];
	for (let i = 0; i * BUCKET < ids.length; i++) {
		const members = ids.slice(i * BUCKET, (i + 1) * BUCKET);
		const memberVersions = members.map((id) => v.byProgramme.get(id) ?? 0);
		const held = s.buckets[i];
		if (held && sameList(held.ids, members) && sameList(held.versions, memberVersions))
			buckets.push(held);
		else {
			const bucket = { ids: members, versions: memberVersions, combined: emptyPartial() };
			stale.push(bucket);
			buckets.push(bucket);
		}
	}
	// A few buckets' programmes at a time: the first read of a day adds up the whole country without
	// holding every programme's rows at once (a single pass held tens of megabytes, and V8 keeps the
	// heap it grew to).
	for (let i = 0; i < stale.length; i += BUCKETS_AT_ONCE) {
		const part = stale.slice(i, i + BUCKETS_AT_ONCE);
		const fresh = dashboardPartials(db, { programmeIds: part.flatMap((b) => b.ids) }, today);
		for (const b of part)
			b.combined = combinePartials(b.ids.map((id) => fresh.get(id) ?? emptyPartial()));
	}
	s.buckets = buckets;
	return buckets.map((b) => b.combined);
}

/** The buckets in groups of GROUP, each group added up once and kept while its buckets are the same. */
function combinedGroups(s: Summary, parts: ProgrammePartial[]): ProgrammePartial[] {
	const out: ProgrammePartial[] = [];
	for (let i = 0; i * GROUP < parts.length; i++) {
		const members = parts.slice(i * GROUP, (i + 1) * GROUP);
		const held = s.groups[i];
		if (
			!held ||
			held.members.length !== members.length ||
			held.members.some((m, j) => m !== members[j])
		)
			s.groups[i] = { members, combined: combinePartials(members) };
		out.push(s.groups[i].combined);
	}
	s.groups.length = out.length;
	return out;
}

/** One programme's figures, fresh; the most recently read are kept. */
function programmePartial(db: Db, s: Summary, today: string, id: number, version: number) {
	const held = s.programmes.get(id);
	s.programmes.delete(id);
	const partial =
		held?.version === version
			? held.partial
			: (dashboardPartials(db, { programmeIds: [id] }, today).get(id) ?? emptyPartial());
	s.programmes.set(id, { version, partial });
	if (s.programmes.size > PROGRAMMES_KEPT) s.programmes.delete(s.programmes.keys().next().value!);
	return partial;
}

/** Filters the summary keeps: none, or one programme. Others (axis, funder, years) are computed. */
function summarised(f: DashboardFilter): boolean {
	return !f.axis && !f.funder && !f.from && !f.to && !f.programmeIds;
}

/** The dashboard's aggregates under a filter, from the summary where it can. */
export function dashboardAggregates(
	db: Db,
	f: DashboardFilter,
	today: string
): DashboardAggregates {
	if (!summarised(f)) return computeAggregates(db, f, today);
	const v = versions(db);
	const s = summaryOf(db, today, v.site);
	if (f.programme) {
		const p = db.get<{ id: number } | undefined>(
			sql`select id from programmes where slug = ${f.programme}`
		);
		return mergePartials(
			p ? [programmePartial(db, s, today, p.id, v.byProgramme.get(p.id) ?? 0)] : [],
			f
		);
	}
	if (s.merged && s.merged.all === v.all) return s.merged.value;
	const value = mergePartials(combinedGroups(s, freshBuckets(db, s, today, v)), f);
	s.merged = { all: v.all, value };
	return value;
}
