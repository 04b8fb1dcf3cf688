import { FUNDING_SQL } from '../../domain/funding-state';
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db';
import { periodEndSql, milestoneStateSql } from '../sql';
import { confirmationDays } from '../config';

/** Dashboard filters; every aggregate below honours the ones that apply to it. */
export interface DashboardFilter {
	programme?: string;
	axis?: string;
	funder?: string;
	from?: number;
	to?: number;
}

/** Conditions on an action alias `a` (joined to programme `p`, axis `ax`). */
function actionWhere(f: DashboardFilter): SQL {
	const w: SQL[] = [sql`1 = 1`];
	if (f.programme) w.push(sql`p.slug = ${f.programme}`);
	if (f.axis) w.push(sql`ax.code = ${f.axis}`);
	return sql.join(w, sql` and `);
}

/** Milestones with their programme and (optional) action axis: alias m, programme p, axis ax. */
const MILESTONE_FROM = sql`milestones m
	left join action_items a on a.id = m.action_id
	left join operations o on o.id = m.operation_id
	join programmes p on p.id = coalesce(a.programme_id, o.programme_id)
	left join axes ax on ax.id = a.axis_id`;

function milestoneWhere(f: DashboardFilter): SQL {
	const w: SQL[] = [sql`1 = 1`];
	if (f.programme) w.push(sql`p.slug = ${f.programme}`);
	if (f.axis) w.push(sql`ax.code = ${f.axis}`);
	if (f.from) w.push(sql`substr(m.planned_date, 1, 4) >= ${String(f.from)}`);
	if (f.to) w.push(sql`substr(m.planned_date, 1, 4) <= ${String(f.to)}`);
	return sql.join(w, sql` and `);
}

/** Funding lines with funder org, programme p and axis ax. */
const FUNDING_FROM = sql`funding_lines fl
	left join organisations org on org.id = fl.organisation_id
	left join action_items a on a.id = fl.action_id
	left join operations o on o.id = fl.operation_id
	join programmes p on p.id = coalesce(a.programme_id, o.programme_id)
	left join axes ax on ax.id = a.axis_id`;

function fundingWhere(f: DashboardFilter): SQL {
	const w: SQL[] = [sql`1 = 1`];
	if (f.programme) w.push(sql`p.slug = ${f.programme}`);
	if (f.axis) w.push(sql`ax.code = ${f.axis}`);
	if (f.funder) w.push(sql`org.slug = ${f.funder}`);
	return sql.join(w, sql` and `);
}

/** What counts as paid: recorded payments, or the whole amount of a line marked paid without them. */
const PAID = sql.raw(FUNDING_SQL.paid);
const COMMITTED = sql.raw(FUNDING_SQL.committed);

export interface StatusAxisRow {
	kind: string;
	programme: string;
	programmeName: string;
	axisCode: string | null;
	axisTitle: string | null;
	status: string;
	n: number;
}

export function actionsByStatusAndAxis(db: Db, f: DashboardFilter): StatusAxisRow[] {
	return db.all<StatusAxisRow>(sql`
		select p.kind, p.slug as programme, p.short_name as programmeName, ax.code as axisCode,
			coalesce(ax.short_title, ax.title) as axisTitle, a.status, count(*) as n
		from action_items a join programmes p on p.id = a.programme_id left join axes ax on ax.id = a.axis_id
		where ${actionWhere(f)}
		group by p.id, ax.id, a.status
		order by p.position, ax.position, a.status`);
}

export interface MilestoneStats {
	total: number;
	done: number;
	doneOnTime: number;
	/** planned period over, nobody has confirmed since: the app cannot say it is late */
	toConfirm: number;
	/** planned period over and a person confirmed since that it is not done */
	late: number;
	dueSoon: number;
}

/** "On time": done with an actual date inside or before the planned period. */
export function milestoneStats(db: Db, f: DashboardFilter, today: string): MilestoneStats {
	const end = periodEndSql('m.planned_date', 'm.planned_precision');
	const soon = sql`date(${today}, '+90 days')`;
	const state = milestoneStateSql(today);
	return db.get<MilestoneStats>(sql`
		select count(*) as total,
			coalesce(sum(m.status = 'done'), 0) as done,
			coalesce(sum(m.status = 'done' and m.actual_date is not null and m.planned_date is not null and m.actual_date <= ${end}), 0) as doneOnTime,
			coalesce(sum(${state.toConfirm}), 0) as toConfirm,
			coalesce(sum(${state.late}), 0) as late,
			coalesce(sum(m.status not in ('done', 'cancelled') and m.planned_date is not null and ${end} >= ${today} and m.planned_date <= ${soon}), 0) as dueSoon
		from ${MILESTONE_FROM} where ${milestoneWhere(f)} and m.status <> 'cancelled'`);
}

export interface FundingGroup {
	key: string;
	label: string;
	amountCents: number;
	committedCents: number;
	paidCents: number;
	lines: number;
}

export function fundingByKind(db: Db, f: DashboardFilter): FundingGroup[] {
	return db.all<FundingGroup>(sql`
		select fl.kind as key, fl.kind as label, sum(fl.amount_cents) as amountCents, sum(${COMMITTED}) as committedCents,
			sum(${PAID}) as paidCents, count(*) as lines
		from ${FUNDING_FROM} where ${fundingWhere(f)} group by fl.kind order by amountCents desc`);
}

export function fundingByFunder(db: Db, f: DashboardFilter): FundingGroup[] {
	return db.all<FundingGroup>(sql`
		select coalesce(org.slug, '') as key, coalesce(org.short_name, 'Financeur non renseigné') as label,
			sum(fl.amount_cents) as amountCents, sum(${COMMITTED}) as committedCents, sum(${PAID}) as paidCents, count(*) as lines
		from ${FUNDING_FROM} where ${fundingWhere(f)} group by org.id order by amountCents desc`);
}

export interface FundingYear {
	year: string;
	committedCents: number;
	paidCents: number;
}

/** Committed amounts by the year of commitment, paid amounts by the year of payment. */
export function fundingByYear(db: Db, f: DashboardFilter): FundingYear[] {
	const rows = db.all<{ year: string; committedCents: number; paidCents: number }>(sql`
		select year, sum(c) as committedCents, sum(pd) as paidCents from (
			select substr(fl.committed_on, 1, 4) as year, ${COMMITTED} as c, 0 as pd
			from ${FUNDING_FROM} where ${fundingWhere(f)} and fl.committed_on is not null
			union all
			select substr(fl.paid_on, 1, 4), 0, ${PAID}
			from ${FUNDING_FROM} where ${fundingWhere(f)} and fl.paid_on is not null
		) group by year order by year`);
	return rows.filter(
		(r) => (!f.from || Number(r.year) >= f.from) && (!f.to || Number(r.year) <= f.to)
	);
}

export interface FundingTotals {
	amountCents: number;
	committedCents: number;
	paidCents: number;
	lines: number;
}

export function fundingTotals(db: Db, f: DashboardFilter): FundingTotals {
	return db.get<FundingTotals>(sql`
		select coalesce(sum(fl.amount_cents), 0) as amountCents, coalesce(sum(${COMMITTED}), 0) as committedCents,
			coalesce(sum(${PAID}), 0) as paidCents, count(*) as lines
		from ${FUNDING_FROM} where ${fundingWhere(f)}`);
}

/** Milestones done per quarter of their actual date, with the running total. */
export function milestonesDoneOverTime(
	db: Db,
	f: DashboardFilter
): { period: string; done: number; cumulative: number }[] {
	const rows = db.all<{ period: string; done: number }>(sql`
		select substr(m.actual_date, 1, 4) || '-T' || ((cast(substr(m.actual_date, 6, 2) as integer) + 2) / 3) as period, count(*) as done
		from ${MILESTONE_FROM} where ${milestoneWhere(f)} and m.status = 'done' and m.actual_date is not null
		group by period order by period`);
	let running = 0;
	return rows.map((r) => ({ ...r, cumulative: (running += r.done) }));
}

export interface TimelineRow {
	kind: 'operation' | 'milestone';
	id: number;
	label: string;
	group: string;
	start: string;
	startPrecision: string;
	end: string;
	endPrecision: string;
	status: string;
	href: string;
}

/** Operations (start→end of their periods) and milestones (their whole planned period). */
/** A timeline stays readable: at most this many milestones (and operations). */
export const TIMELINE_LIMIT = 80;

export function timeline(
	db: Db,
	f: DashboardFilter,
	today = new Date().toISOString().slice(0, 10)
): TimelineRow[] {
	// When there are too many milestones to draw, show those around today (filters narrow it further).
	const many =
		db.get<{ n: number }>(
			sql`select count(*) as n from (select 1 from ${MILESTONE_FROM} where ${milestoneWhere(f)} and m.planned_date is not null limit ${TIMELINE_LIMIT + 1})`
		).n > TIMELINE_LIMIT;
	const window = many
		? sql`and m.planned_date between date(${today}, '-1 year') and date(${today}, '+2 years')`
		: sql``;
	const opWhere: SQL[] = [sql`o.start_date is not null and o.end_date is not null`];
	if (f.programme) opWhere.push(sql`p.slug = ${f.programme}`);
	if (f.axis) opWhere.push(sql`0`);
	const ops = db.all<TimelineRow>(sql`
		select 'operation' as kind, o.id, o.name as label, p.short_name as "group", o.start_date as start,
			o.start_precision as startPrecision, o.end_date as "end", o.end_precision as endPrecision, o.status,
			'/operations/' || o.slug as href
		from operations o join programmes p on p.id = o.programme_id
		where ${sql.join(opWhere, sql` and `)} order by p.position, o.start_date, o.position`);
	const ms = db.all<TimelineRow>(sql`
		select 'milestone' as kind, m.id, m.title as label, coalesce(o.name, a.title) as "group", m.planned_date as start,
			m.planned_precision as startPrecision, m.planned_date as "end", m.planned_precision as endPrecision, m.status,
			case when o.id is not null then '/operations/' || o.slug else '/programmes/' || p.slug || '/actions/' || a.code end as href
		from ${MILESTONE_FROM} where ${milestoneWhere(f)} and m.planned_date is not null ${window}
		order by m.planned_date, m.position limit ${TIMELINE_LIMIT}`);
	return [...ops.slice(0, TIMELINE_LIMIT), ...ms];
}

export interface WatchItem {
	id: number;
	title: string;
	subject: string;
	href: string;
	plannedDate: string | null;
	plannedPrecision: string | null;
	baselineDate: string | null;
	baselinePrecision: string | null;
	slipReason: string | null;
	status: string;
	owner: string | null;
	programmeName: string;
}

/** Each watch list shows its first items and its total. */
export const WATCH_LIMIT = 25;

/** Late, slipped and upcoming milestones, and actions nobody has updated for 90 days. */
export function watchlist(db: Db, f: DashboardFilter, today: string) {
	const end = periodEndSql('m.planned_date', 'm.planned_precision');
	const baseEnd = periodEndSql('m.baseline_date', 'm.baseline_precision');
	const select = sql`select m.id, m.title, coalesce(o.name, a.title) as subject,
		case when o.id is not null then '/operations/' || o.slug else '/programmes/' || p.slug || '/actions/' || a.code end as href,
		m.planned_date as plannedDate, m.planned_precision as plannedPrecision, m.baseline_date as baselineDate,
		m.baseline_precision as baselinePrecision, m.slip_reason as slipReason, m.status,
		(select short_name from organisations where id = coalesce(o.lead_organisation_id, a.lead_organisation_id)) as owner,
		p.short_name as programmeName
		from ${MILESTONE_FROM}`;
	const open = sql`m.status not in ('done', 'cancelled') and m.planned_date is not null`;
	const where = milestoneWhere(f);
	const list = (cond: SQL) => ({
		items: db.all<WatchItem>(
			sql`${select} where ${where} and ${cond} order by m.planned_date limit ${WATCH_LIMIT}`
		),
		total: db.get<{ n: number }>(
			sql`select count(*) as n from ${MILESTONE_FROM} where ${where} and ${cond}`
		).n
	});
	const state = milestoneStateSql(today);
	const toConfirm = list(state.toConfirm);
	const late = list(state.late);
	const slipped = list(
		sql`m.status <> 'cancelled' and m.baseline_date is not null and ${end} > ${baseEnd}`
	);
	const upcoming = list(
		sql`${open} and ${end} >= ${today} and m.planned_date <= date(${today}, '+90 days')`
	);
	// Never confirmed by a person (the seed's import is no confirmation), or not for N days.
	const unconfirmed = sql`(a.confirmed_at is null or a.confirmed_at < date(${today}, ${`-${confirmationDays()} days`}))`;
	const stale = db.all<{
		id: number;
		title: string;
		href: string;
		confirmedAt: string | null;
		owner: string | null;
		programmeName: string;
	}>(sql`
		select a.id, case when a.number is not null then 'Action ' || a.code || ' – ' else '' end || a.title as title,
			'/programmes/' || p.slug || '/actions/' || a.code as href, a.confirmed_at as confirmedAt,
			(select short_name from organisations where id = a.lead_organisation_id) as owner, p.short_name as programmeName
		from action_items a join programmes p on p.id = a.programme_id left join axes ax on ax.id = a.axis_id
		where ${actionWhere(f)} and a.status not in ('terminee', 'abandonnee') and ${unconfirmed}
		order by a.confirmed_at nulls first, p.position, a.position limit ${WATCH_LIMIT}`);
	const staleTotal = db.get<{ n: number }>(sql`
		select count(*) as n from action_items a join programmes p on p.id = a.programme_id left join axes ax on ax.id = a.axis_id
		where ${actionWhere(f)} and a.status not in ('terminee', 'abandonnee') and ${unconfirmed}`).n;
	return {
		toConfirm,
		late,
		slipped,
		upcoming,
		stale: { items: stale, total: staleTotal, days: confirmationDays() }
	};
}

export function funderOptions(db: Db) {
	return db.all<{ slug: string; name: string }>(sql`
		select distinct org.slug, org.short_name as name from funding_lines fl join organisations org on org.id = fl.organisation_id
		order by org.short_name`);
}
