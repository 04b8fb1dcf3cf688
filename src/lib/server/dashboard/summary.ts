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
 * after an edit, a read recomputes the one bucket it touched (its programmes only, 15-19 ms on the
 * national bench), recombines its group and adds up the groups; the last few buckets edited keep
 * their programmes' own figures, so an editor's next edits recompute one programme. Only the
 * combinations are kept otherwise, not each programme's own figures, and past the programmes the
 * dashboard details a combination keeps its actions by kind of programme: the summary of 1 606
 * programmes holds a few megabytes in each server thread (measured: about 25 MB when every
 * programme's figures were kept). The country is recomputed whole only on the first read of a day
 * (the "late" and "due soon" counts depend on today's date) or after a change every programme shows
 * (an organisation's name).
 */

/** Programmes per bucket: more than the dashboard details, so a bucket keeps its actions by kind. */
const BUCKET = 16;
/** Buckets per group. */
const GROUP = 8;
/** Programme dashboards (one programme's figures) kept, the most recently read. */
const PROGRAMMES_KEPT = 64;
/**
 * Buckets whose programmes' own figures are kept once an edit made them stale: an editor's next
 * edits recompute their programme only (about 3 ms on the national bench), not the 16 of its
 * bucket (15-19 ms). A few buckets' figures hold well under a megabyte.
 */
const HOT_BUCKETS = 4;

type Held = Map<number, { version: number; partial: ProgrammePartial }>;

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
	programmes: Held;
	/** bucket index → its programmes' own figures, for the buckets edited last */
	hot: Map<number, Held>;
	basis: { site: number; today: string };
	/** The national aggregates at data version `all` (the summary itself is of one day). */
	merged: { all: number; value: DashboardAggregates } | null;
}

/** One summary per database connection (tests open several in one process). */
const summaries = new WeakMap<object, Summary>();

function summaryOf(db: Db, today: string, site: number): Summary {
	let s = summaries.get(db.$client);
	if (!s || s.basis.site !== site || s.basis.today !== today) {
		s = {
			buckets: [],
			groups: [],
			programmes: new Map(),
			hot: new Map(),
			basis: { site, today },
			merged: null
		};
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
	const edited: { index: number; bucket: Bucket }[] = [];
	const buckets: Bucket[] = [];
	for (let i = 0; i * BUCKET < ids.length; i++) {
		const members = ids.slice(i * BUCKET, (i + 1) * BUCKET);
		const memberVersions = members.map((id) => v.byProgramme.get(id) ?? 0);
		const held = s.buckets[i];
		const same = held !== undefined && sameList(held.ids, members);
		if (same && sameList(held.versions, memberVersions)) {
			buckets.push(held);
			continue;
		}
		const bucket = { ids: members, versions: memberVersions, combined: emptyPartial() };
		buckets.push(bucket);
		// The same programmes, some edited since: this bucket's programmes are kept one by one.
		if (same) edited.push({ index: i, bucket });
		else stale.push(bucket);
	}
	// Programmes added or removed move every later bucket's bounds: the figures kept go.
	if (stale.length) s.hot.clear();
	// Past a few edited buckets (an import), they are added up like the others, not kept.
	stale.push(...edited.splice(HOT_BUCKETS).map((e) => e.bucket));
	// A few buckets' programmes at a time: the first read of a day adds up the whole country without
	// holding every programme's rows at once (a single pass held tens of megabytes, and V8 keeps the
	// heap it grew to).
	for (let i = 0; i < stale.length; i += BUCKETS_AT_ONCE) {
		const part = stale.slice(i, i + BUCKETS_AT_ONCE);
		const fresh = dashboardPartials(db, { programmeIds: part.flatMap((b) => b.ids) }, today);
		for (const b of part)
			b.combined = combinePartials(b.ids.map((id) => fresh.get(id) ?? emptyPartial()));
	}
	// An edited bucket recomputes the programmes whose figures it does not hold at their version.
	const kept = edited.map(({ index, bucket }) => {
		const held: Held = s.hot.get(index) ?? (new Map() as Held);
		s.hot.delete(index);
		s.hot.set(index, held);
		return { bucket, held };
	});
	const missing = kept.flatMap(({ bucket, held }) =>
		bucket.ids.filter((id, j) => held.get(id)?.version !== bucket.versions[j])
	);
	const fresh = missing.length
		? dashboardPartials(db, { programmeIds: missing }, today)
		: new Map<number, ProgrammePartial>();
	for (const { bucket, held } of kept) {
		bucket.ids.forEach((id, j) => {
			if (held.get(id)?.version !== bucket.versions[j])
				held.set(id, { version: bucket.versions[j], partial: fresh.get(id) ?? emptyPartial() });
		});
		bucket.combined = combinePartials(bucket.ids.map((id) => held.get(id)!.partial));
	}
	while (s.hot.size > HOT_BUCKETS) s.hot.delete(s.hot.keys().next().value!);
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
	const edited = () =>
		[...s.hot.values()].find((h) => h.get(id)?.version === version)?.get(id)?.partial;
	const partial =
		held?.version === version
			? held.partial
			: (edited() ??
				dashboardPartials(db, { programmeIds: [id] }, today).get(id) ??
				emptyPartial());
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
