import { sql, eq, asc } from 'drizzle-orm';
import type { Db } from '../db';
import { programmes, axes, organisations, programmeOrganisations, envelopes } from '../db/schema';
import { periodEndSql } from '../sql';
import { memoByScopes } from '../cache';

export interface ProgrammeSummary {
	id: number;
	slug: string;
	name: string;
	shortName: string;
	kind: string;
	startDate: string | null;
	startPrecision: string | null;
	endDate: string | null;
	endPrecision: string | null;
	actionCount: number;
	operationCount: number;
	fundingCents: number;
	fundingLineCount: number;
}

/** Programmes with their counts and funding total, a page at a time (every aggregate uses an index). */
export function listProgrammes(
	db: Db,
	page: { limit?: number; offset?: number } = {}
): ProgrammeSummary[] {
	return db.all<ProgrammeSummary>(sql`
		select p.id, p.slug, p.name, p.short_name as shortName, p.kind,
			p.start_date as startDate, p.start_precision as startPrecision, p.end_date as endDate, p.end_precision as endPrecision,
			(select count(*) from action_items a where a.programme_id = p.id) as actionCount,
			(select count(*) from operations o where o.programme_id = p.id) as operationCount,
			coalesce((select sum(amount_cents) from funding_lines where action_id in (select id from action_items where programme_id = p.id)), 0)
				+ coalesce((select sum(amount_cents) from funding_lines where operation_id in (select id from operations where programme_id = p.id)), 0) as fundingCents,
			(select count(*) from funding_lines where action_id in (select id from action_items where programme_id = p.id))
				+ (select count(*) from funding_lines where operation_id in (select id from operations where programme_id = p.id)) as fundingLineCount
		from programmes p
		order by p.position, p.id
		limit ${page.limit ?? -1} offset ${page.offset ?? 0}`);
}

export function countProgrammes(db: Db): number {
	return db.get<{ n: number }>(sql`select count(*) as n from programmes`).n;
}

/** Actions per status, for the given programmes. */
export function statusCountsByProgramme(
	db: Db,
	programmeIds: number[]
): Map<number, Record<string, number>> {
	const rows = programmeIds.length
		? db.all<{ pid: number; status: string; n: number }>(sql`
		select programme_id as pid, status, count(*) as n from action_items where programme_id in ${programmeIds} group by programme_id, status`)
		: [];
	const out = new Map<number, Record<string, number>>();
	for (const r of rows) out.set(r.pid, { ...(out.get(r.pid) ?? {}), [r.status]: r.n });
	return out;
}

export interface MilestoneBrief {
	id: number;
	programmeId: number;
	title: string;
	plannedDate: string;
	plannedPrecision: string;
	status: string;
	subjectLabel: string;
	href: string;
}

/** Up to `per` open milestones per programme whose period is not over, soonest first, and the overdue count. */
export function upcomingByProgramme(
	db: Db,
	today: string,
	programmeIds: number[],
	per = 3
): { upcoming: Map<number, MilestoneBrief[]>; overdue: Map<number, number> } {
	const end = periodEndSql('m.planned_date', 'm.planned_precision');
	if (programmeIds.length === 0) return { upcoming: new Map(), overdue: new Map() };
	// Milestones of these programmes only, found through the indexes on action_id and operation_id.
	const mine = sql`(m.action_id in (select id from action_items where programme_id in ${programmeIds}) or m.operation_id in (select id from operations where programme_id in ${programmeIds}))`;
	const rows = db.all<MilestoneBrief & { rank: number }>(sql`
		select * from (
			select m.id, coalesce(a.programme_id, o.programme_id) as programmeId, m.title,
				m.planned_date as plannedDate, m.planned_precision as plannedPrecision, m.status,
				coalesce(o.name, a.title) as subjectLabel,
				case when o.id is not null then '/operations/' || o.slug
					else '/programmes/' || (select slug from programmes where id = a.programme_id) || '/actions/' || a.code end as href,
				row_number() over (partition by coalesce(a.programme_id, o.programme_id) order by m.planned_date, m.id) as rank
			from milestones m
			left join action_items a on a.id = m.action_id
			left join operations o on o.id = m.operation_id
			where ${mine} and m.status not in ('done', 'cancelled') and m.planned_date is not null and ${end} >= ${today}
		) where rank <= ${per}`);
	const overdueRows = db.all<{ pid: number; n: number }>(sql`
		select coalesce(a.programme_id, o.programme_id) as pid, count(*) as n
		from milestones m
		left join action_items a on a.id = m.action_id
		left join operations o on o.id = m.operation_id
		where ${mine} and m.status not in ('done', 'cancelled') and m.planned_date is not null and ${end} < ${today}
		group by pid`);
	const upcoming = new Map<number, MilestoneBrief[]>();
	for (const r of rows) upcoming.set(r.programmeId, [...(upcoming.get(r.programmeId) ?? []), r]);
	return { upcoming, overdue: new Map(overdueRows.map((r) => [r.pid, r.n])) };
}

export function getProgrammeBySlug(db: Db, slug: string) {
	return db.select().from(programmes).where(eq(programmes.slug, slug)).get();
}

export function listAxes(db: Db, programmeId: number) {
	return db
		.select()
		.from(axes)
		.where(eq(axes.programmeId, programmeId))
		.orderBy(asc(axes.position))
		.all();
}

export function listProgrammeOrganisations(db: Db, programmeId: number) {
	return db
		.select({
			slug: organisations.slug,
			name: organisations.name,
			shortName: organisations.shortName,
			type: organisations.type,
			role: programmeOrganisations.role,
			note: programmeOrganisations.note,
			citationId: programmeOrganisations.citationId
		})
		.from(programmeOrganisations)
		.innerJoin(organisations, eq(organisations.id, programmeOrganisations.organisationId))
		.where(eq(programmeOrganisations.programmeId, programmeId))
		.orderBy(asc(programmeOrganisations.role), asc(organisations.id))
		.all();
}

export function listEnvelopes(db: Db, programmeId: number) {
	return db
		.select({
			id: envelopes.id,
			parentId: envelopes.parentId,
			label: envelopes.label,
			kind: envelopes.kind,
			scope: envelopes.scope,
			amountCents: envelopes.amountCents,
			period: envelopes.period,
			citationId: envelopes.citationId,
			funderName: organisations.shortName,
			funderSlug: organisations.slug
		})
		.from(envelopes)
		.leftJoin(organisations, eq(organisations.id, envelopes.organisationId))
		.where(eq(envelopes.programmeId, programmeId))
		.orderBy(asc(envelopes.position))
		.all();
}

/** Past this many programmes, a filter asks for a programme's identifier rather than offering a list. */
export const PROGRAMME_LIST_LIMIT = 100;

/** What a programme filter offers: the list, or none past PROGRAMME_LIST_LIMIT (`many`: a text field). */
/**
 * The dashboard's cards: the first `n` programmes with their actions by status, next milestones and
 * overdue count, kept until one of them (or the list itself: `site`) changes, or the day does.
 */
export function programmeCards(db: Db, today: string, n: number) {
	const ids = db
		.all<{ id: number }>(sql`select id from programmes order by position, id limit ${n}`)
		.map((r) => r.id);
	return memoByScopes(
		db,
		`programme-cards|${today}|${n}`,
		['site', ...ids.map((id) => `programme:${id}`)],
		() => {
			const list = listProgrammes(db, { limit: n });
			const shown = list.map((p) => p.id);
			const statuses = statusCountsByProgramme(db, shown);
			const { upcoming, overdue } = upcomingByProgramme(db, today, shown);
			return list.map((p) => ({
				...p,
				statusCounts: statuses.get(p.id) ?? {},
				upcoming: upcoming.get(p.id) ?? [],
				overdue: overdue.get(p.id) ?? 0
			}));
		}
	);
}

export function programmeChoices(db: Db): {
	many: boolean;
	options: { slug: string; shortName: string }[];
} {
	const many = countProgrammes(db) > PROGRAMME_LIST_LIMIT;
	return { many, options: many ? [] : programmeOptions(db) };
}

/** Just what a programme picker needs. */
export function programmeOptions(db: Db) {
	return db.all<{ slug: string; shortName: string }>(
		sql`select slug, coalesce(short_name, name) as shortName from programmes order by position, id`
	);
}
