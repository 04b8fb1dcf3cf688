import { sql, and, eq, asc } from 'drizzle-orm';
import type { Db } from '../db';
import {
	actionItems,
	axes,
	organisations,
	actionPartners,
	achievements,
	milestones,
	indicatorValues,
	operations
} from '../db/schema';

export interface ActionFilter {
	axis?: string;
	status?: string;
	q?: string;
	sort?: 'number' | 'title' | 'status' | 'progress';
}

export interface ActionRow {
	id: number;
	code: string;
	number: number | null;
	title: string;
	status: string;
	progress: number | null;
	maturity: string | null;
	axisCode: string | null;
	axisTitle: string | null;
	leadName: string | null;
	inferredFields: string[];
	updatedAt: string;
	/** the quote backing its status, and the one backing the action itself */
	statusCitationId: number | null;
	citationId: number | null;
}

const SORTS = {
	number: sql`a.position`,
	title: sql`a.title collate nocase`,
	status: sql`a.status, a.position`,
	progress: sql`a.progress is null, a.progress desc, a.position`
};

/** A programme's actions, filtered by axis, status and text (title, description, objectives). */
export function listActions(db: Db, programmeId: number, f: ActionFilter = {}): ActionRow[] {
	const where = [sql`a.programme_id = ${programmeId}`];
	if (f.axis) where.push(sql`ax.code = ${f.axis}`);
	if (f.status) where.push(sql`a.status = ${f.status}`);
	if (f.q) {
		const like = `%${f.q.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
		where.push(
			sql`(a.title like ${like} escape '\\' or a.description like ${like} escape '\\' or a.objectives like ${like} escape '\\' or a.code = ${f.q})`
		);
	}
	return db
		.all<Omit<ActionRow, 'inferredFields'> & { inferredFields: string }>(
			sql`
			select a.id, a.code, a.number, a.title, a.status, a.progress, a.maturity, a.updated_at as updatedAt,
				ax.code as axisCode, coalesce(ax.short_title, ax.title) as axisTitle, o.short_name as leadName,
				a.inferred_fields as inferredFields, a.status_citation_id as statusCitationId, a.citation_id as citationId
			from action_items a
			left join axes ax on ax.id = a.axis_id
			left join organisations o on o.id = a.lead_organisation_id
			where ${sql.join(where, sql` and `)}
			order by ${SORTS[f.sort ?? 'number'] ?? SORTS.number}`
		)
		.map((r) => ({ ...r, inferredFields: JSON.parse(r.inferredFields) as string[] }));
}

export function getActionByCode(db: Db, programmeId: number, code: string) {
	return db
		.select()
		.from(actionItems)
		.where(and(eq(actionItems.programmeId, programmeId), eq(actionItems.code, code)))
		.get();
}

/** Everything the action page shows, fetched with one query per kind of record. */
export function getActionDetail(db: Db, actionId: number) {
	const action = db.select().from(actionItems).where(eq(actionItems.id, actionId)).get();
	if (!action) return undefined;
	const axis = action.axisId
		? db.select().from(axes).where(eq(axes.id, action.axisId)).get()
		: undefined;
	const lead = action.leadOrganisationId
		? db.select().from(organisations).where(eq(organisations.id, action.leadOrganisationId)).get()
		: undefined;
	const partners = db
		.select({ slug: organisations.slug, name: organisations.name, role: actionPartners.role })
		.from(actionPartners)
		.innerJoin(organisations, eq(organisations.id, actionPartners.organisationId))
		.where(eq(actionPartners.actionId, actionId))
		.all();
	const achievementRows = db
		.select()
		.from(achievements)
		.where(eq(achievements.actionId, actionId))
		.orderBy(asc(achievements.position))
		.all();
	const milestoneRows = db
		.select()
		.from(milestones)
		.where(eq(milestones.actionId, actionId))
		.orderBy(asc(milestones.plannedDate), asc(milestones.position))
		.all();
	const operationRows = db.select().from(operations).where(eq(operations.actionId, actionId)).all();
	const indicatorRows = indicatorsWithValues(db, sql`i.action_id = ${actionId}`);
	return {
		action,
		axis,
		lead,
		partners,
		achievements: achievementRows,
		milestones: milestoneRows,
		operations: operationRows,
		indicators: indicatorRows
	};
}

export interface IndicatorView {
	id: number;
	slug: string;
	label: string;
	unit: string;
	target: number | null;
	targetDate: string | null;
	targetPrecision: string | null;
	targetCitationId: number | null;
	note: string | null;
	inferredFields: string[];
	values: {
		value: number;
		ofTotal: number | null;
		measuredOn: string | null;
		measuredPrecision: string | null;
		citationId: number | null;
	}[];
}

/** Indicators matching a condition on alias i, each with its measured values in date order. */
export function indicatorsWithValues(db: Db, where: ReturnType<typeof sql>): IndicatorView[] {
	const rows = db.all<Omit<IndicatorView, 'values'>>(sql`
		select i.id, i.slug, i.label, i.unit, i.target, i.target_date as targetDate, i.target_precision as targetPrecision,
			i.target_citation_id as targetCitationId, i.note, i.inferred_fields as inferredFields
		from indicators i where ${where} order by i.position`);
	if (rows.length === 0) return [];
	const values = db
		.select()
		.from(indicatorValues)
		.where(sql`${indicatorValues.indicatorId} in ${rows.map((r) => r.id)}`)
		.orderBy(asc(indicatorValues.measuredOn))
		.all();
	return rows.map((r) => ({
		...r,
		inferredFields: JSON.parse(r.inferredFields as unknown as string) as string[],
		values: values
			.filter((v) => v.indicatorId === r.id)
			.map((v) => ({
				value: v.value,
				ofTotal: v.ofTotal,
				measuredOn: v.measuredOn,
				measuredPrecision: v.measuredPrecision,
				citationId: v.citationId
			}))
	}));
}
