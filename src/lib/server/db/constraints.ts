import { check } from 'drizzle-orm/sqlite-core';
import { sql } from 'drizzle-orm';
import { LIMITS } from '../../domain/limits';
import { ACTION_STATUS, MILESTONE_STATUS, FUNDING_KIND } from '../../domain/labels';
import { FUNDING_STATES } from '../../domain/funding-state';
import { PRECISIONS } from '../../domain/dates';
import { codesOf } from '../../domain/codes';
import { ROLES } from '../../domain/roles';

/**
 * The database's own rules (SQLite CHECK constraints), so that no bug can store what validation
 * refuses. Each rule is written once here: the schema declares it and `invariantViolations` queries
 * it, which the tests run after the whole suite and the migration runs before it applies.
 * A NULL passes a CHECK: optional columns are constrained only when filled.
 */
const list = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');

export const rule = {
	date: (c: string) =>
		`${c} is null or (date(${c}) = ${c} and ${c} between '${LIMITS.minDate}' and '${LIMITS.maxDate}')`,
	precision: (c: string) => `${c} is null or ${c} in (${list(PRECISIONS)})`,
	cents: (c: string) =>
		`${c} is null or (typeof(${c}) = 'integer' and ${c} between 0 and ${LIMITS.maxCents})`,
	percent: (c: string) => `${c} is null or (typeof(${c}) = 'integer' and ${c} between 0 and 100)`,
	length: (c: string, max: number) => `${c} is null or length(${c}) <= ${max}`,
	oneOf: (c: string, values: readonly string[]) => `${c} is null or ${c} in (${list(values)})`,
	between: (c: string, min: number, max: number) =>
		`${c} is null or (typeof(${c}) in ('integer', 'real') and ${c} between ${min} and ${max})`,
	version: (c = 'version') => `typeof(${c}) = 'integer' and ${c} >= 1`
};

export const MILESTONE_STATUSES = codesOf(MILESTONE_STATUS);
export const OPAH_STATUSES = ['en_cours', 'solde', 'abandonne'] as const;
export const SOLUTION_TYPES = [
	'temporaire_retour',
	'definitif_sur_site',
	'definitif_ailleurs',
	'tiroir'
] as const;

/** Every rule, by table: [name, SQL expression]. */
export const CHECKS: Record<string, [string, string][]> = {
	action_items: [
		['action_status', rule.oneOf('status', codesOf(ACTION_STATUS))],
		['action_progress', rule.percent('progress')],
		['action_start', rule.date('start_date')],
		['action_start_precision', rule.precision('start_precision')],
		['action_end', rule.date('end_date')],
		['action_end_precision', rule.precision('end_precision')],
		['action_title', rule.length('title', 500)],
		['action_description', rule.length('description', LIMITS.maxText)],
		['action_version', rule.version()]
	],
	operations: [
		['operation_status', rule.oneOf('status', codesOf(ACTION_STATUS))],
		['operation_progress', rule.percent('progress')],
		['operation_start', rule.date('start_date')],
		['operation_start_precision', rule.precision('start_precision')],
		['operation_end', rule.date('end_date')],
		['operation_end_precision', rule.precision('end_precision')],
		['operation_cost', rule.cents('total_cost_cents')],
		['operation_cost_tax', rule.oneOf('total_cost_tax', ['HT', 'TTC'])],
		['operation_version', rule.version()]
	],
	milestones: [
		['milestone_status', rule.oneOf('status', MILESTONE_STATUSES)],
		['milestone_planned', rule.date('planned_date')],
		['milestone_planned_precision', rule.precision('planned_precision')],
		['milestone_baseline', rule.date('baseline_date')],
		['milestone_baseline_precision', rule.precision('baseline_precision')],
		['milestone_actual', rule.date('actual_date')],
		['milestone_actual_precision', rule.precision('actual_precision')],
		['milestone_title', rule.length('title', 500)],
		['milestone_slip_reason', rule.length('slip_reason', 500)],
		['milestone_version', rule.version()]
	],
	funding_lines: [
		['funding_amount', rule.cents('amount_cents')],
		['funding_paid', rule.cents('paid_cents')],
		['funding_paid_le_amount', 'paid_cents <= amount_cents'],
		['funding_status', rule.oneOf('status', FUNDING_STATES)],
		['funding_kind', rule.oneOf('kind', codesOf(FUNDING_KIND))],
		['funding_tax', rule.oneOf('tax', ['HT', 'TTC'])],
		['funding_planned_on', rule.date('planned_on')],
		['funding_requested_on', rule.date('requested_on')],
		['funding_committed_on', rule.date('committed_on')],
		['funding_paid_on', rule.date('paid_on')],
		['funding_label', rule.length('label', 300)],
		['funding_version', rule.version()]
	],
	funding_payments: [
		['payment_amount', `${rule.cents('amount_cents')} and amount_cents > 0`],
		['payment_paid_on', rule.date('paid_on')]
	],
	envelopes: [['envelope_amount', rule.cents('amount_cents')]],
	indicator_values: [
		['indicator_value', rule.between('value', -1e12, 1e12)],
		['indicator_measured_on', rule.date('measured_on')],
		['indicator_precision', rule.precision('measured_precision')],
		['indicator_value_version', rule.version()]
	],
	places: [
		// WGS84 in millionths of a degree; the territory's own bounds are checked by the app (setting).
		[
			'place_lon',
			'min_lon_e6 between -180000000 and 180000000 and max_lon_e6 between -180000000 and 180000000 and min_lon_e6 <= max_lon_e6'
		],
		[
			'place_lat',
			'min_lat_e6 between -90000000 and 90000000 and max_lat_e6 between -90000000 and 90000000 and min_lat_e6 <= max_lat_e6'
		],
		['place_version', rule.version()]
	],
	opah_applications: [
		['opah_dwellings', "typeof(dwellings) = 'integer' and dwellings between 1 and 50"],
		['opah_step', "typeof(step) = 'integer' and step between 1 and 5"],
		['opah_works', rule.oneOf('works_type', ['lourds', 'securite', 'degrade', 'energie'])],
		['opah_rent', rule.oneOf('rent_type', ['LI', 'LCS'])],
		['opah_status', rule.oneOf('status', OPAH_STATUSES)],
		['opah_lon', rule.between('lon', -180, 180)],
		['opah_lat', rule.between('lat', -90, 90)],
		['opah_step1', rule.date('step1_on')],
		['opah_step2', rule.date('step2_on')],
		['opah_step3', rule.date('step3_on')],
		['opah_step4', rule.date('step4_on')],
		['opah_step5', rule.date('step5_on')],
		['opah_paid_on', rule.date('paid_on')],
		['opah_address', rule.length('address', 300)],
		['opah_version', rule.version()]
	],
	opah_application_subsidies: [
		['opah_subsidy_reserved', rule.cents('reserved_cents')],
		['opah_subsidy_paid', rule.cents('paid_cents')],
		['opah_subsidy_paid_le_reserved', 'paid_cents <= reserved_cents'],
		['opah_subsidy_version', rule.version()]
	],
	relocation_cases: [
		[
			'relocation_household',
			"typeof(household_size) = 'integer' and household_size between 1 and 50"
		],
		[
			'relocation_proposals',
			'proposals_made between 0 and 50 and proposals_refused between 0 and proposals_made'
		],
		['relocation_solution', rule.oneOf('solution_type', SOLUTION_TYPES)],
		['relocation_diagnosis', rule.date('diagnosis_on')],
		['relocation_accepted', rule.date('proposal_accepted_on')],
		['relocation_moved', rule.date('moved_on')],
		['relocation_returned', rule.date('returned_on')],
		['relocation_closed', rule.date('closed_on')],
		['relocation_code', rule.length('code', 12)],
		['relocation_version', rule.version()]
	],
	decisions: [
		['decision_on', rule.date('decided_on')],
		['decision_body', rule.length('body', 120)],
		['decision_text', rule.length('text', 4000)]
	],
	notes: [['note_text', rule.length('text', 4000)]],
	users: [['user_role', rule.oneOf('role', ROLES)]],
	notifications: [['notification_kind', rule.oneOf('kind', ['digest', 'notice'])]],
	login_failures: [
		['login_failure_day', `day is not null and (${rule.date('day')})`],
		['login_failure_count', `typeof(failures) = 'integer' and failures >= 1`]
	]
};

/** The CHECK constraints of one table, for its drizzle definition. */
export function checks(table: string) {
	return (CHECKS[table] ?? []).map(([name, expr]) => check(name, sql.raw(expr)));
}

/** One query per rule: the rows that break it (none, since the database enforces them). */
export function invariantQueries(): { table: string; name: string; sql: string }[] {
	return [
		...Object.entries(CHECKS).flatMap(([table, rules]) =>
			rules.map(([name, expr]) => ({
				table,
				name,
				sql: `select rowid as id from ${table} where not (${expr}) limit 5`
			}))
		),
		...UNIQUES.map(([table, name, columns]) => ({
			table,
			name,
			sql: `select id from ${table} r where exists (select 1 from ${table} s where ${columns
				.map((c) => `s.${c} = r.${c}`)
				.join(' and ')} and s.id < r.id) limit 5`
		}))
	];
}

/** Unique indexes added to existing tables: checked before the migration that creates them. */
const UNIQUES: [table: string, name: string, columns: string[]][] = [
	['relocation_cases', 'relocation_operation_code_unique', ['operation_id', 'code']]
];
