import { FUNDING_SQL } from '../../domain/funding-state';
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db';
import { periodEndSql, ownedByProgrammes } from '../sql';
import { confirmationDays } from '../config';
import { sortFrench } from '../../domain/collation';

/** Dashboard filters; every aggregate below honours the ones that apply to it. */
export interface DashboardFilter {
	programme?: string;
	/** programmes by id (the summary cache recomputes the programmes a write touched) */
	programmeIds?: number[];
	axis?: string;
	funder?: string;
	from?: number;
	to?: number;
}

/**
 * The programmes a filter keeps, as SQL for `in …`, or null for every programme. Conditions go
 * through the indexed foreign keys (a programme's actions, then their milestones), never through a
 * join on the programme's slug, which would read every milestone of the country.
 */
function programmeSet(f: DashboardFilter): SQL | null {
	if (f.programmeIds)
		return f.programmeIds.length
			? sql`(${sql.join(
					f.programmeIds.map((id) => sql`${id}`),
					sql`, `
				)})`
			: sql`(null)`;
	if (f.programme) return sql`(select id from programmes where slug = ${f.programme})`;
	return null;
}

/** Conditions on an action alias `a` (joined to programme `p`, axis `ax`). */
function actionWhere(f: DashboardFilter): SQL {
	const w: SQL[] = [sql`1 = 1`];
	const set = programmeSet(f);
	if (set) w.push(sql`a.programme_id in ${set}`);
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
	const set = programmeSet(f);
	if (set) w.push(ownedByProgrammes('m', set));
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
	const set = programmeSet(f);
	if (set) w.push(ownedByProgrammes('fl', set));
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
	programmePosition: number;
	axisPosition: number | null;
}

export interface MilestoneStats {
	total: number;
	done: number;
	/** done milestones that had a planned date: the only ones that can be on time or not */
	donePlanned: number;
	doneOnTime: number;
	/** planned period over, nobody has confirmed since: the app cannot say it is late */
	toConfirm: number;
	/** planned period over and a person confirmed since that it is not done */
	late: number;
	dueSoon: number;
}

export interface FundingGroup {
	key: string;
	label: string;
	amountCents: number;
	committedCents: number;
	paidCents: number;
	lines: number;
}

export interface FundingYear {
	year: string;
	committedCents: number;
	paidCents: number;
}

export interface FundingTotals {
	amountCents: number;
	committedCents: number;
	paidCents: number;
	lines: number;
}

/** Each watch list shows its first items and its total. */
export const WATCH_LIMIT = 25;
export const WATCH_LISTS = ['toConfirm', 'late', 'slipped', 'upcoming'] as const;
type WatchList = (typeof WATCH_LISTS)[number];

/** A list's first items as sort keys (merged across programmes, then read by id) and its total. */
interface KeyedList {
	keys: [sortKey: string, id: number][];
	total: number;
}

/**
 * Everything the dashboard counts, for one programme. The national dashboard adds up one of these
 * per programme (src/lib/server/dashboard/summary.ts keeps them per programme data version), so an
 * edit recomputes one programme, not the country.
 */
export interface ProgrammePartial {
	/**
	 * Actions by status, axis by axis for each programme; by kind of programme once the partial
	 * holds more programmes than the dashboard details (`grouped` is then set).
	 */
	statusRows: StatusAxisRow[];
	grouped?: StatusGroups;
	milestones: MilestoneStats;
	doneByQuarter: { period: string; done: number }[];
	byFunder: FundingGroup[];
	byKind: FundingGroup[];
	byYear: FundingYear[];
	totals: FundingTotals;
	watch: Record<WatchList, KeyedList>;
	stale: KeyedList;
}

const emptyStats = (): MilestoneStats => ({
	total: 0,
	done: 0,
	donePlanned: 0,
	doneOnTime: 0,
	toConfirm: 0,
	late: 0,
	dueSoon: 0
});
const emptyTotals = (): FundingTotals => ({
	amountCents: 0,
	committedCents: 0,
	paidCents: 0,
	lines: 0
});
export const emptyPartial = (): ProgrammePartial => ({
	statusRows: [],
	milestones: emptyStats(),
	doneByQuarter: [],
	byFunder: [],
	byKind: [],
	byYear: [],
	totals: emptyTotals(),
	watch: {
		toConfirm: { keys: [], total: 0 },
		late: { keys: [], total: 0 },
		slipped: { keys: [], total: 0 },
		upcoming: { keys: [], total: 0 }
	},
	stale: { keys: [], total: 0 }
});

/** Never confirmed by a person (the seed's import is no confirmation), or not for N days. */
const staleCondition = (today: string) =>
	sql`a.status not in ('terminee', 'abandonnee') and (a.confirmed_at is null or a.confirmed_at < date(${today}, ${`-${confirmationDays()} days`}))`;

/** Every aggregate of the dashboard, per programme, under a filter: one grouped query each. */
export function dashboardPartials(
	db: Db,
	f: DashboardFilter,
	today: string
): Map<number, ProgrammePartial> {
	const out = new Map<number, ProgrammePartial>();
	const of = (pid: number) => {
		let p = out.get(pid);
		if (!p) out.set(pid, (p = emptyPartial()));
		return p;
	};
	for (const r of db.all<StatusAxisRow & { pid: number }>(sql`
		select p.id as pid, p.kind, p.slug as programme, p.short_name as programmeName, ax.code as axisCode,
			coalesce(ax.short_title, ax.title) as axisTitle, a.status, count(*) as n,
			p.position as programmePosition, ax.position as axisPosition
		from action_items a join programmes p on p.id = a.programme_id left join axes ax on ax.id = a.axis_id
		where ${actionWhere(f)}
		group by p.id, ax.id, a.status`)) {
		const { pid, ...row } = r;
		of(pid).statusRows.push(row);
	}

	scanMilestones(db, f, today, of);

	const money = sql`sum(fl.amount_cents) as amountCents, sum(${COMMITTED}) as committedCents, sum(${PAID}) as paidCents, count(*) as lines`;
	for (const r of db.all<FundingGroup & { pid: number }>(sql`
		select p.id as pid, fl.kind as key, fl.kind as label, ${money}
		from ${FUNDING_FROM} where ${fundingWhere(f)} group by p.id, fl.kind`)) {
		const { pid, ...g } = r;
		of(pid).byKind.push(g);
		const t = of(pid).totals;
		t.amountCents += g.amountCents;
		t.committedCents += g.committedCents;
		t.paidCents += g.paidCents;
		t.lines += g.lines;
	}
	for (const r of db.all<FundingGroup & { pid: number }>(sql`
		select p.id as pid, coalesce(org.slug, '') as key, coalesce(org.short_name, 'Financeur non renseigné') as label, ${money}
		from ${FUNDING_FROM} where ${fundingWhere(f)} group by p.id, org.id`)) {
		const { pid, ...g } = r;
		of(pid).byFunder.push(g);
	}
	// Committed amounts by the year of commitment, paid amounts by the year of payment.
	for (const r of db.all<FundingYear & { pid: number }>(sql`
		select pid, year, sum(c) as committedCents, sum(pd) as paidCents from (
			select p.id as pid, substr(fl.committed_on, 1, 4) as year, ${COMMITTED} as c, 0 as pd
			from ${FUNDING_FROM} where ${fundingWhere(f)} and fl.committed_on is not null
			union all
			select p.id, substr(fl.paid_on, 1, 4), 0, ${PAID}
			from ${FUNDING_FROM} where ${fundingWhere(f)} and fl.paid_on is not null
		) group by pid, year`)) {
		const { pid, ...y } = r;
		of(pid).byYear.push(y);
	}

	// Actions nobody confirmed lately: each programme's first ones, with its total.
	for (const r of db.all<{ pid: number; id: number; k: string; total: number }>(sql`
		select pid, id, k, total from (
			select p.id as pid, a.id,
				case when a.confirmed_at is null then '0' else '1' || a.confirmed_at end
					|| printf('|%09d|%09d|%09d', p.position, a.position, a.id) as k,
				row_number() over (partition by p.id order by a.confirmed_at nulls first, a.position, a.id) as rn,
				count(*) over (partition by p.id) as total
			from action_items a join programmes p on p.id = a.programme_id left join axes ax on ax.id = a.axis_id
			where ${actionWhere(f)} and ${staleCondition(today)}
		) where rn <= ${WATCH_LIMIT}`)) {
		const s = of(r.pid).stale;
		s.keys.push([r.k, r.id]);
		s.total = r.total;
	}
	return out;
}

/**
 * A programme's milestone figures (counts, done by quarter, the four watch lists' first items and
 * totals) from one pass over its milestones: SQL reads each milestone once with its planned and
 * baseline periods' ends, the rest is counted here. (Seven queries each recomputed those ends for
 * every milestone: 23 ms for 16 programmes of the national bench, 7 ms in one pass.) The rules are
 * `milestoneState`'s (src/lib/domain/milestones.ts): a past period not confirmed since is to be
 * confirmed, never late.
 */
function scanMilestones(
	db: Db,
	f: DashboardFilter,
	today: string,
	of: (pid: number) => ProgrammePartial
): void {
	const end = periodEndSql('m.planned_date', 'm.planned_precision');
	const baseEnd = periodEndSql('m.baseline_date', 'm.baseline_precision');
	const soon = db.get<{ d: string }>(sql`select date(${today}, '+90 days') as d`).d;
	const rows = db.all<MilestoneRow>(sql`
		select p.id as pid, m.id, m.status, m.planned_date as planned, m.actual_date as actual,
			substr(m.confirmed_at, 1, 10) as confirmed, ${end} as plannedEnd, ${baseEnd} as baselineEnd
		from ${MILESTONE_FROM} where ${milestoneWhere(f)} and m.status <> 'cancelled'
		order by p.id, m.planned_date, m.id`);
	let pid = -1;
	let p = emptyPartial();
	let quarters = new Map<string, number>();
	const close = () => {
		if (pid >= 0) p.doneByQuarter = [...quarters].map(([period, done]) => ({ period, done }));
	};
	for (const r of rows) {
		if (r.pid !== pid) {
			close();
			pid = r.pid;
			p = of(pid);
			quarters = new Map();
		}
		const s = p.milestones;
		s.total++;
		const open = r.status !== 'done';
		if (!open) {
			s.done++;
			if (r.actual !== null) {
				const period = `${r.actual.slice(0, 4)}-T${Math.floor((Number(r.actual.slice(5, 7)) + 2) / 3)}`;
				quarters.set(period, (quarters.get(period) ?? 0) + 1);
				if (r.planned !== null) {
					s.donePlanned++;
					if (r.actual <= r.plannedEnd!) s.doneOnTime++;
				}
			}
		}
		const lists: WatchList[] = [];
		if (open && r.planned !== null) {
			if (r.plannedEnd! < today) {
				const confirmedAfter = r.confirmed !== null && r.confirmed > r.plannedEnd!;
				if (confirmedAfter) s.late++;
				else s.toConfirm++;
				lists.push(confirmedAfter ? 'late' : 'toConfirm');
			} else if (r.planned <= soon) {
				s.dueSoon++;
				lists.push('upcoming');
			}
		}
		if (r.baselineEnd !== null && r.plannedEnd !== null && r.plannedEnd > r.baselineEnd)
			lists.push('slipped');
		// Rows come by programme, then planned date and id: a list's first items are the first seen.
		for (const l of lists) {
			const w = p.watch[l];
			if (w.keys.length < WATCH_LIMIT) w.keys.push([r.planned ?? '', r.id]);
			w.total++;
		}
	}
	close();
}

interface MilestoneRow {
	pid: number;
	id: number;
	status: string;
	planned: string | null;
	actual: string | null;
	confirmed: string | null;
	plannedEnd: string | null;
	baselineEnd: string | null;
}

/** Adds up rows sharing a key, field by field (the first row of each key gives the other fields). */
function sumGroups<T extends object, F extends keyof T>(
	rows: T[],
	keyOf: (r: T) => string,
	fields: readonly F[]
): T[] {
	const by = new Map<string, T>();
	for (const r of rows) {
		const k = keyOf(r);
		const seen = by.get(k);
		if (!seen) by.set(k, { ...r });
		else for (const f of fields) (seen[f] as number) += r[f] as number;
	}
	return [...by.values()];
}

const MONEY_FIELDS = ['amountCents', 'committedCents', 'paidCents', 'lines'] as const;

const before = (a: [string, number], b: [string, number]) =>
	a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1];

/** The first WATCH_LIMIT keys of lists each already in order, without sorting them all. */
function firstKeys(lists: KeyedList[]): KeyedList {
	const keys: [string, number][] = [];
	let total = 0;
	for (const l of lists) {
		total += l.total;
		for (const k of l.keys) {
			if (keys.length === WATCH_LIMIT && before(k, keys[WATCH_LIMIT - 1]) >= 0) break;
			let i = keys.length;
			while (i > 0 && before(k, keys[i - 1]) < 0) i--;
			keys.splice(i, 0, k);
			if (keys.length > WATCH_LIMIT) keys.pop();
		}
	}
	return { keys, total };
}

/** Past this many programmes, actions are counted by kind of programme rather than axis by axis. */
export const AXIS_DETAIL_LIMIT = 12;

/**
 * Several programmes' partials added up into one, with the same shape (status rows kept programme by
 * programme, sums added, watch lists cut to their first keys): merging the combinations of groups of
 * programmes gives what merging every programme gives, so a national summary recombines only the
 * group a write touched.
 */
export function combinePartials(parts: ProgrammePartial[]): ProgrammePartial {
	const out = emptyPartial();
	// Past the programmes the dashboard details, the rows by kind are all a merge can use: the
	// rows axis by axis of every programme are not kept.
	if (parts.reduce((n, p) => n + programmesIn(p), 0) > AXIS_DETAIL_LIMIT) {
		const { rows, groups } = groupStatus(parts);
		out.statusRows = rows;
		out.grouped = groups;
	} else out.statusRows = parts.flatMap((p) => p.statusRows);
	for (const p of parts) {
		for (const k of Object.keys(out.milestones) as (keyof MilestoneStats)[])
			out.milestones[k] += p.milestones[k];
		for (const k of MONEY_FIELDS) out.totals[k] += p.totals[k];
	}
	out.doneByQuarter = sumGroups(
		parts.flatMap((p) => p.doneByQuarter),
		(r) => r.period,
		['done']
	);
	out.byFunder = sumGroups(
		parts.flatMap((p) => p.byFunder),
		(r) => r.key,
		MONEY_FIELDS
	);
	out.byKind = sumGroups(
		parts.flatMap((p) => p.byKind),
		(r) => r.key,
		MONEY_FIELDS
	);
	out.byYear = sumGroups(
		parts.flatMap((p) => p.byYear),
		(r) => r.year,
		['committedCents', 'paidCents']
	);
	for (const l of WATCH_LISTS) out.watch[l] = firstKeys(parts.map((p) => p.watch[l]));
	out.stale = firstKeys(parts.map((p) => p.stale));
	return out;
}

/** Programmes with actions (in all and by kind) of a partial whose status rows are by kind. */
interface StatusGroups {
	programmes: number;
	byKind: Record<string, number>;
}

/** Programmes with actions in a partial (partials always hold disjoint sets of programmes). */
function programmesIn(p: ProgrammePartial): number {
	return p.grouped?.programmes ?? new Set(p.statusRows.map((r) => r.programme)).size;
}

/**
 * Status rows by kind of programme and status (the first row of a key gives its fields, its
 * position is the least), with the programmes of each kind. Parts hold disjoint programmes, so the
 * programmes of a kind add up part by part.
 */
function groupStatus(parts: ProgrammePartial[]): { rows: StatusAxisRow[]; groups: StatusGroups } {
	const rows = new Map<string, StatusAxisRow>();
	// No prototype: a kind named like one of Object's own keys is counted like any other.
	const byKind = Object.create(null) as Record<string, number>;
	let programmes = 0;
	for (const p of parts) {
		if (p.grouped) {
			programmes += p.grouped.programmes;
			for (const [kind, n] of Object.entries(p.grouped.byKind))
				byKind[kind] = (byKind[kind] ?? 0) + n;
		} else {
			const kindOf = new Map(p.statusRows.map((r) => [r.programme, r.kind]));
			programmes += kindOf.size;
			for (const kind of kindOf.values()) byKind[kind] = (byKind[kind] ?? 0) + 1;
		}
		for (const r of p.statusRows) {
			const k = `${r.kind}|${r.status}`;
			const seen = rows.get(k);
			if (seen) {
				seen.n += r.n;
				seen.programmePosition = Math.min(seen.programmePosition, r.programmePosition);
			} else
				rows.set(k, {
					...r,
					programme: '',
					programmeName: '',
					axisCode: null,
					axisTitle: null,
					axisPosition: null
				});
		}
	}
	return { rows: [...rows.values()], groups: { programmes, byKind } };
}

/** Status rows axis by axis for a few programmes; by kind of programme (with their count) beyond. */
function statusByGroup(parts: ProgrammePartial[]) {
	const programmes = parts.reduce((n, p) => n + programmesIn(p), 0);
	if (programmes <= AXIS_DETAIL_LIMIT)
		return {
			programmes,
			byKind: false,
			rows: parts
				.flatMap((p) => p.statusRows)
				.sort(
					(a, b) =>
						a.programmePosition - b.programmePosition ||
						(a.axisPosition ?? -1) - (b.axisPosition ?? -1) ||
						(a.status < b.status ? -1 : a.status > b.status ? 1 : 0)
				)
		};
	const { rows, groups } = groupStatus(parts);
	return {
		programmes,
		byKind: true,
		programmesOfKind: groups.byKind,
		rows: rows.sort(
			(a, b) =>
				a.programmePosition - b.programmePosition ||
				(a.status < b.status ? -1 : a.status > b.status ? 1 : 0) ||
				(a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0)
		)
	};
}

/** Adds up per-programme aggregates, in the order the dashboard shows them. */
export function mergePartials(parts: ProgrammePartial[], f: DashboardFilter = {}) {
	const status = statusByGroup(parts);
	const statusRows = status.rows;
	const milestones = emptyStats();
	for (const p of parts)
		for (const k of Object.keys(milestones) as (keyof MilestoneStats)[])
			milestones[k] += p.milestones[k];
	const totals = emptyTotals();
	for (const p of parts) for (const k of MONEY_FIELDS) totals[k] += p.totals[k];
	const byAmount = (a: FundingGroup, b: FundingGroup) => b.amountCents - a.amountCents;
	const byFunder = sumGroups(
		parts.flatMap((p) => p.byFunder),
		(r) => r.key,
		MONEY_FIELDS
	).sort(byAmount);
	const byKind = sumGroups(
		parts.flatMap((p) => p.byKind),
		(r) => r.key,
		MONEY_FIELDS
	).sort(byAmount);
	const byYear = sumGroups(
		parts.flatMap((p) => p.byYear),
		(r) => r.year,
		['committedCents', 'paidCents']
	)
		.filter((r) => (!f.from || Number(r.year) >= f.from) && (!f.to || Number(r.year) <= f.to))
		.sort((a, b) => (a.year < b.year ? -1 : 1));
	let running = 0;
	const doneOverTime = sumGroups(
		parts.flatMap((p) => p.doneByQuarter),
		(r) => r.period,
		['done']
	)
		.sort((a, b) => (a.period < b.period ? -1 : 1))
		.map((r) => ({ ...r, cumulative: (running += r.done) }));
	const watch = Object.fromEntries(
		WATCH_LISTS.map((l) => [l, firstKeys(parts.map((p) => p.watch[l]))])
	) as Record<WatchList, KeyedList>;
	return {
		status,
		statusRows,
		milestones,
		totals,
		byFunder,
		byKind,
		byYear,
		doneOverTime,
		watch,
		stale: firstKeys(parts.map((p) => p.stale))
	};
}

export type DashboardAggregates = ReturnType<typeof mergePartials>;

/** Aggregates computed directly from the database (tests, filters the summary cache does not keep). */
export function computeAggregates(db: Db, f: DashboardFilter, today: string): DashboardAggregates {
	return mergePartials([...dashboardPartials(db, f, today).values()], f);
}

export function actionsByStatusAndAxis(db: Db, f: DashboardFilter): StatusAxisRow[] {
	return computeAggregates(db, f, '1970-01-01').statusRows;
}
export function milestoneStats(db: Db, f: DashboardFilter, today: string): MilestoneStats {
	return computeAggregates(db, f, today).milestones;
}
export function fundingByKind(db: Db, f: DashboardFilter): FundingGroup[] {
	return computeAggregates(db, f, '1970-01-01').byKind;
}
export function fundingByFunder(db: Db, f: DashboardFilter): FundingGroup[] {
	return computeAggregates(db, f, '1970-01-01').byFunder;
}
export function fundingByYear(db: Db, f: DashboardFilter): FundingYear[] {
	return computeAggregates(db, f, '1970-01-01').byYear;
}
export function fundingTotals(db: Db, f: DashboardFilter): FundingTotals {
	return computeAggregates(db, f, '1970-01-01').totals;
}
export function milestonesDoneOverTime(db: Db, f: DashboardFilter) {
	return computeAggregates(db, f, '1970-01-01').doneOverTime;
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

/** A timeline stays readable: at most this many milestones (and operations). */
export const TIMELINE_LIMIT = 80;

/** Operations (start→end of their periods) and milestones (their whole planned period). */
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
	const set = programmeSet(f);
	if (set) opWhere.push(sql`o.programme_id in ${set}`);
	if (f.axis) opWhere.push(sql`0`);
	const ops = db.all<TimelineRow>(sql`
		select 'operation' as kind, o.id, o.name as label, p.short_name as "group", o.start_date as start,
			o.start_precision as startPrecision, o.end_date as "end", o.end_precision as endPrecision, o.status,
			'/operations/' || o.slug as href
		from operations o join programmes p on p.id = o.programme_id
		where ${sql.join(opWhere, sql` and `)} order by p.position, o.start_date, o.position limit ${TIMELINE_LIMIT}`);
	const ms = db.all<TimelineRow>(sql`
		select 'milestone' as kind, m.id, m.title as label, coalesce(o.name, a.title) as "group", m.planned_date as start,
			m.planned_precision as startPrecision, m.planned_date as "end", m.planned_precision as endPrecision, m.status,
			case when o.id is not null then '/operations/' || o.slug else '/programmes/' || p.slug || '/actions/' || a.code end as href
		from ${MILESTONE_FROM} where ${milestoneWhere(f)} and m.planned_date is not null ${window}
		order by m.planned_date, m.position limit ${TIMELINE_LIMIT}`);
	return [...ops, ...ms];
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

export interface StaleItem {
	id: number;
	title: string;
	href: string;
	confirmedAt: string | null;
	owner: string | null;
	programmeName: string;
}

/** Reads the listed records in the merged order. */
function inOrder<T extends { id: number }>(keys: [string, number][], rows: T[]): T[] {
	const byId = new Map(rows.map((r) => [r.id, r]));
	return keys.map(([, id]) => byId.get(id)).filter((r): r is T => r !== undefined);
}

const idList = (keys: [string, number][]) =>
	sql.join(
		keys.map(([, id]) => sql`${id}`),
		sql`, `
	);

/** Milestones by id, as the watch lists show them (in no particular order). */
function milestoneItems(db: Db, keys: [string, number][]): WatchItem[] {
	return keys.length
		? db.all<WatchItem>(sql`
		select m.id, m.title, coalesce(o.name, a.title) as subject,
			case when o.id is not null then '/operations/' || o.slug else '/programmes/' || p.slug || '/actions/' || a.code end as href,
			m.planned_date as plannedDate, m.planned_precision as plannedPrecision, m.baseline_date as baselineDate,
			m.baseline_precision as baselinePrecision, m.slip_reason as slipReason, m.status,
			(select short_name from organisations where id = coalesce(o.lead_organisation_id, a.lead_organisation_id)) as owner,
			p.short_name as programmeName
		from ${MILESTONE_FROM} where m.id in (${idList(keys)})`)
		: [];
}

/**
 * Open milestones whose planned period ends within `days` days of `today`: the first WATCH_LIMIT by
 * date, and how many there are (the 90-day watch list keeps only its first items).
 */
export function dueWithin(db: Db, f: DashboardFilter, today: string, days: number) {
	const end = periodEndSql('m.planned_date', 'm.planned_precision');
	const limit = sql`date(${today}, ${`+${days} days`})`;
	const where = sql`${milestoneWhere(f)} and m.status not in ('done', 'cancelled')
		and m.planned_date is not null and m.planned_date <= ${limit} and ${end} >= ${today} and ${end} <= ${limit}`;
	const total = db.get<{ n: number }>(
		sql`select count(*) as n from ${MILESTONE_FROM} where ${where}`
	).n;
	const keys = db
		.all<{ id: number; k: string }>(
			sql`select m.id, m.planned_date as k from ${MILESTONE_FROM} where ${where}
			order by m.planned_date, m.id limit ${WATCH_LIMIT}`
		)
		.map((r): [string, number] => [r.k, r.id]);
	return { items: inOrder(keys, milestoneItems(db, keys)), total };
}

/** The watch lists' items: late, slipped and upcoming milestones, and records nobody confirmed lately. */
export function watchItems(db: Db, agg: Pick<DashboardAggregates, 'watch' | 'stale'>) {
	const rows = milestoneItems(
		db,
		WATCH_LISTS.flatMap((l) => agg.watch[l].keys)
	);
	const stale = agg.stale.keys.length
		? db.all<StaleItem>(sql`
		select a.id, case when a.number is not null then 'Action ' || a.code || ' – ' else '' end || a.title as title,
			'/programmes/' || p.slug || '/actions/' || a.code as href, a.confirmed_at as confirmedAt,
			(select short_name from organisations where id = a.lead_organisation_id) as owner, p.short_name as programmeName
		from action_items a join programmes p on p.id = a.programme_id where a.id in (${idList(agg.stale.keys)})`)
		: [];
	const list = (l: WatchList) => ({
		items: inOrder(agg.watch[l].keys, rows),
		total: agg.watch[l].total
	});
	return {
		toConfirm: list('toConfirm'),
		late: list('late'),
		slipped: list('slipped'),
		upcoming: list('upcoming'),
		stale: {
			items: inOrder(agg.stale.keys, stale),
			total: agg.stale.total,
			days: confirmationDays()
		}
	};
}

/** Late, slipped and upcoming milestones, and actions nobody has confirmed for N days. */
export function watchlist(db: Db, f: DashboardFilter, today: string) {
	return watchItems(db, computeAggregates(db, f, today));
}

export function funderOptions(db: Db) {
	return sortFrench(
		db.all<{ slug: string; name: string }>(sql`
		select org.slug, org.short_name as name from organisations org
		where exists (select 1 from funding_lines fl where fl.organisation_id = org.id)`),
		(o) => o.name
	);
}

/** Organisations that fund something, for the funders' portal's choice (French order). */
export function fundingOrganisationOptions(db: Db) {
	return sortFrench(
		db.all<{ slug: string; name: string }>(sql`
		select o.slug, o.name from organisations o
		where exists (select 1 from funding_lines fl where fl.organisation_id = o.id)`),
		(o) => o.name
	);
}
