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
 * The dashboard's summary: one set of aggregates per programme, each kept with the programme's data
 * version (table `data_versions`, bumped by triggers in the writing transaction). A read recomputes
 * only the programmes written since the last read — one programme after an edit, a few milliseconds
 * — then adds up the partials; the national figures are never recomputed from the whole country
 * except on the first read of a day (the "late" and "due soon" counts depend on today's date) or
 * after a change every programme shows (an organisation's name).
 */

interface Entry {
	version: number;
	partial: ProgrammePartial;
}

/** A group of programmes' partials added up, kept while its members are the same objects. */
interface Bucket {
	members: ProgrammePartial[];
	combined: ProgrammePartial;
}

interface Summary {
	partials: Map<number, Entry>;
	buckets: Bucket[];
	basis: { site: number; today: string };
	merged: { all: number; today: string; value: DashboardAggregates } | null;
}

/** One summary per database connection (tests open several in one process). */
const summaries = new WeakMap<object, Summary>();

function summaryOf(db: Db): Summary {
	let s = summaries.get(db.$client);
	if (!s) {
		s = { partials: new Map(), buckets: [], basis: { site: -1, today: '' }, merged: null };
		summaries.set(db.$client, s);
	}
	return s;
}

/** Past this many programmes to refresh, one grouped pass over the country is cheaper than a list. */
const BULK = 200;

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

/** The partials of the given programmes (every programme when `ids` is omitted), fresh. */
function freshPartials(
	db: Db,
	today: string,
	v: ReturnType<typeof versions>,
	ids?: number[]
): ProgrammePartial[] {
	const s = summaryOf(db);
	const { partials } = s;
	if (v.site !== s.basis.site || today !== s.basis.today) {
		partials.clear();
		s.basis = { site: v.site, today };
	}
	const wanted =
		ids ?? db.all<{ id: number }>(sql`select id from programmes order by id`).map((r) => r.id);
	const stale = wanted.filter((id) => partials.get(id)?.version !== (v.byProgramme.get(id) ?? 0));
	if (stale.length) {
		const fresh = dashboardPartials(db, stale.length > BULK ? {} : { programmeIds: stale }, today);
		for (const id of stale)
			partials.set(id, {
				version: v.byProgramme.get(id) ?? 0,
				partial: fresh.get(id) ?? emptyPartial()
			});
	}
	return wanted.map((id) => partials.get(id)!.partial);
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
	if (f.programme) {
		const p = db.get<{ id: number } | undefined>(
			sql`select id from programmes where slug = ${f.programme}`
		);
		return mergePartials(p ? freshPartials(db, today, versions(db), [p.id]) : [], f);
	}
	const s = summaryOf(db);
	const v = versions(db);
	if (s.merged && s.merged.all === v.all && s.merged.today === today) return s.merged.value;
	const value = mergePartials(combinedBuckets(s, freshPartials(db, today, v)), f);
	s.merged = { all: v.all, today, value };
	return value;
}

/** Programmes per bucket of the national summary. */
const BUCKET = 64;

/**
 * The national partials in buckets of BUCKET programmes, each bucket added up once and kept while its
 * members are unchanged: after a write, one bucket is recombined (a programme's partial is a new
 * object only when it was recomputed) instead of every programme of the country merged again.
 */
function combinedBuckets(s: Summary, parts: ProgrammePartial[]): ProgrammePartial[] {
	const out: ProgrammePartial[] = [];
	for (let i = 0; i * BUCKET < parts.length; i++) {
		const members = parts.slice(i * BUCKET, (i + 1) * BUCKET);
		const held = s.buckets[i];
		if (
			!held ||
			held.members.length !== members.length ||
			held.members.some((m, j) => m !== members[j])
		)
			s.buckets[i] = { members, combined: combinePartials(members) };
		out.push(s.buckets[i].combined);
	}
	s.buckets.length = out.length;
	return out;
}
