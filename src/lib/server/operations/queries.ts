import { sql, eq, asc, inArray } from 'drizzle-orm';
import type { Db } from '../db';
import {
	operations,
	buildings,
	workItems,
	milestones,
	organisations,
	programmes
} from '../db/schema';

export function getOperationBySlug(db: Db, slug: string) {
	return db.select().from(operations).where(eq(operations.slug, slug)).get();
}

/** The operation, its tranches (children), buildings, milestones and work steps. */
export function getOperationDetail(db: Db, operationId: number) {
	const operation = db.select().from(operations).where(eq(operations.id, operationId)).get();
	if (!operation) return undefined;
	const programme = operation.programmeId
		? db.select().from(programmes).where(eq(programmes.id, operation.programmeId)).get()
		: undefined;
	const parent = operation.parentId
		? db.select().from(operations).where(eq(operations.id, operation.parentId)).get()
		: undefined;
	const lead = operation.leadOrganisationId
		? db
				.select()
				.from(organisations)
				.where(eq(organisations.id, operation.leadOrganisationId))
				.get()
		: undefined;
	const children = db
		.select()
		.from(operations)
		.where(eq(operations.parentId, operationId))
		.orderBy(asc(operations.position))
		.all();
	const family = [operationId, ...children.map((c) => c.id)];
	const buildingRows = db
		.select()
		.from(buildings)
		.where(inArray(buildings.operationId, family))
		.orderBy(asc(buildings.code))
		.all();
	const milestoneRows = db
		.select()
		.from(milestones)
		.where(inArray(milestones.operationId, family))
		.orderBy(asc(milestones.plannedDate), asc(milestones.position))
		.all();
	const workRows = db
		.select()
		.from(workItems)
		.where(inArray(workItems.operationId, family))
		.orderBy(asc(workItems.milestoneId), asc(workItems.position))
		.all();
	return {
		operation,
		programme,
		parent,
		lead,
		children,
		buildings: buildingRows,
		milestones: milestoneRows,
		workItems: workRows,
		family
	};
}

/** Operations of a programme with their tranche structure. */
export function listOperations(db: Db, programmeId: number) {
	return db.all<{
		id: number;
		slug: string;
		name: string;
		parentId: number | null;
		status: string;
		startDate: string | null;
		startPrecision: string | null;
		endDate: string | null;
		endPrecision: string | null;
		totalCostCents: number | null;
		totalCostTax: string | null;
		leadName: string | null;
	}>(sql`
		select o.id, o.slug, o.name, o.parent_id as parentId, o.status, o.start_date as startDate,
			o.start_precision as startPrecision, o.end_date as endDate, o.end_precision as endPrecision,
			o.total_cost_cents as totalCostCents, o.total_cost_tax as totalCostTax, org.short_name as leadName
		from operations o left join organisations org on org.id = o.lead_organisation_id
		where o.programme_id = ${programmeId} order by o.position`);
}
