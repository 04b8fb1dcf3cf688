import { sql, type SQL } from 'drizzle-orm';

/** SQL for the last day of a stored precise date (dates are stored as the first day of their period). */
export function periodEndSql(date: SQL | string, precision: SQL | string): SQL {
	const d = typeof date === 'string' ? sql.raw(date) : date;
	const p = typeof precision === 'string' ? sql.raw(precision) : precision;
	return sql`case ${p}
		when 'year' then date(${d}, '+1 year', '-1 day')
		when 'semester' then date(${d}, '+6 months', '-1 day')
		when 'quarter' then date(${d}, '+3 months', '-1 day')
		when 'month' then date(${d}, '+1 month', '-1 day')
		else ${d} end`;
}

/**
 * `milestoneState` (src/lib/domain/milestones.ts) as SQL over a milestones row aliased `m`: `past`
 * (planned period over, not closed), `late` (a person confirmed it after that period's end) and
 * `toConfirm` (past, not confirmed since).
 */
export function milestoneStateSql(today: string) {
	const end = periodEndSql('m.planned_date', 'm.planned_precision');
	const past = sql`(m.status not in ('done', 'cancelled') and m.planned_date is not null and ${end} < ${today})`;
	const confirmedAfter = sql`(m.confirmed_at is not null and substr(m.confirmed_at, 1, 10) > ${end})`;
	return {
		past,
		late: sql`(${past} and ${confirmedAfter})`,
		toConfirm: sql`(${past} and not ${confirmedAfter})`
	};
}

/**
 * A row of `alias` (milestones or funding lines) belongs to one of the programmes `set` names (SQL for
 * `in …`): its ids are read from the programmes' actions and operations through the indexed foreign
 * keys, then the rows by primary key. An `or` of two `in` subqueries lets the planner scan the whole
 * table once statistics exist.
 */
export function ownedByProgrammes(alias: 'm' | 'fl', set: SQL): SQL {
	const a = sql.raw(alias);
	const table = sql.raw(alias === 'm' ? 'milestones' : 'funding_lines');
	return sql`${a}.id in (
		select x.id from action_items xa join ${table} x on x.action_id = xa.id where xa.programme_id in ${set}
		union all
		select x.id from operations xo join ${table} x on x.operation_id = xo.id where xo.programme_id in ${set})`;
}
