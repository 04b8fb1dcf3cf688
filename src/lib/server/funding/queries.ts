import { sql } from 'drizzle-orm';
import { ownedByProgrammes } from '../sql';
import type { Db } from '../db';

export interface FundingRow {
	id: number;
	label: string;
	kind: string;
	amountCents: number;
	paidCents: number;
	tax: string;
	status: string;
	organisationId: number | null;
	funderName: string | null;
	funderSlug: string | null;
	actionId: number | null;
	actionCode: string | null;
	actionTitle: string | null;
	operationId: number | null;
	operationSlug: string | null;
	operationName: string | null;
	programmeSlug: string;
	programmeName: string;
	citationId: number | null;
	inferredFields: string;
	version: number;
	plannedOn: string | null;
	requestedOn: string | null;
	committedOn: string | null;
	paidOn: string | null;
}

/** Funding lines with their funder and what they fund; filters are optional and combine. */
export function listFundingLines(
	db: Db,
	filter: {
		programmeId?: number;
		organisationId?: number;
		actionId?: number;
		operationIds?: number[];
		/** these lines, in this order (a page of an order kept elsewhere) */
		ids?: number[];
	} = {},
	page?: { limit: number; offset: number }
): FundingRow[] {
	const where = [sql`1 = 1`];
	if (filter.programmeId !== undefined)
		// Through the indexes on action_id and operation_id, not a scan of every line.
		where.push(ownedByProgrammes('fl', sql`(${filter.programmeId})`));
	if (filter.organisationId !== undefined)
		where.push(sql`fl.organisation_id = ${filter.organisationId}`);
	if (filter.actionId !== undefined) where.push(sql`fl.action_id = ${filter.actionId}`);
	if (filter.operationIds)
		where.push(
			filter.operationIds.length ? sql`fl.operation_id in ${filter.operationIds}` : sql`0`
		);
	if (filter.ids) where.push(filter.ids.length ? sql`fl.id in ${filter.ids}` : sql`0`);
	const rows = db.all<FundingRow>(sql`
		select fl.id, fl.label, fl.kind, fl.amount_cents as amountCents, fl.paid_cents as paidCents, fl.tax, fl.status,
			fl.organisation_id as organisationId, org.short_name as funderName, org.slug as funderSlug,
			fl.action_id as actionId, a.code as actionCode, a.title as actionTitle,
			fl.operation_id as operationId, o.slug as operationSlug, o.name as operationName,
			p.slug as programmeSlug, p.short_name as programmeName, fl.citation_id as citationId,
			fl.inferred_fields as inferredFields, fl.version, fl.planned_on as plannedOn, fl.requested_on as requestedOn, fl.committed_on as committedOn, fl.paid_on as paidOn
		from funding_lines fl
		left join organisations org on org.id = fl.organisation_id
		left join action_items a on a.id = fl.action_id
		left join operations o on o.id = fl.operation_id
		join programmes p on p.id = coalesce(a.programme_id, o.programme_id)
		where ${sql.join(where, sql` and `)}
		order by p.position, fl.operation_id, fl.action_id, fl.position, fl.id
		${page ? sql`limit ${page.limit} offset ${page.offset}` : sql``}`);
	if (!filter.ids) return rows;
	const at = new Map(filter.ids.map((id, i) => [id, i]));
	return rows.sort((a, b) => at.get(a.id)! - at.get(b.id)!);
}

/**
 * The ids of an organisation's lines in the order `listFundingLines` gives them (programme, then
 * operation, action and position): a national funder's thousands of lines sorted once, then read a
 * page at a time by id.
 */
export function fundingLineOrder(db: Db, organisationId: number): Int32Array {
	return Int32Array.from(
		db
			.all<{ id: number }>(
				sql`
				select fl.id from funding_lines fl
				left join action_items a on a.id = fl.action_id
				left join operations o on o.id = fl.operation_id
				join programmes p on p.id = coalesce(a.programme_id, o.programme_id)
				where fl.organisation_id = ${organisationId}
				order by p.position, fl.operation_id, fl.action_id, fl.position, fl.id`
			)
			.map((r) => r.id)
	);
}
