import { sqliteTable, integer, text, index } from 'drizzle-orm/sqlite-core';
import { checks } from '../constraints';
import { confirmationColumns } from './confirmation';
import { actionItems, organisations, programmes, inferredFields } from './core';
import { citations } from './sources';

/** A work operation (or one of its tranches, through parentId). */
export const operations = sqliteTable(
	'operations',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		slug: text('slug').notNull().unique(),
		programmeId: integer('programme_id').references(() => programmes.id),
		actionId: integer('action_id').references(() => actionItems.id),
		parentId: integer('parent_id'),
		name: text('name').notNull(),
		description: text('description'),
		leadOrganisationId: integer('lead_organisation_id').references(() => organisations.id),
		status: text('status').notNull().default('non_renseigne'),
		statusCitationId: integer('status_citation_id').references(() => citations.id),
		progress: integer('progress'),
		startDate: text('start_date'),
		startPrecision: text('start_precision'),
		endDate: text('end_date'),
		endPrecision: text('end_precision'),
		periodNote: text('period_note'),
		totalCostCents: integer('total_cost_cents'),
		totalCostTax: text('total_cost_tax'),
		totalCostCitationId: integer('total_cost_citation_id').references(() => citations.id),
		position: integer('position').notNull().default(0),
		version: integer('version').notNull().default(1),
		updatedAt: text('updated_at').notNull(),
		...confirmationColumns()
	},
	(t) => [
		index('operations_programme_idx').on(t.programmeId),
		index('operations_parent_idx').on(t.parentId),
		...checks('operations')
	]
);

export const buildings = sqliteTable('buildings', {
	id: integer('id').primaryKey({ autoIncrement: true }),
	operationId: integer('operation_id')
		.notNull()
		.references(() => operations.id),
	code: text('code').notNull(),
	name: text('name').notNull()
});

/**
 * A dated milestone. Dates are the first day of the period their precision names
 * (a "T4 2023" milestone is 2023-10-01 with precision "quarter").
 */
export const milestones = sqliteTable(
	'milestones',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		actionId: integer('action_id').references(() => actionItems.id),
		operationId: integer('operation_id').references(() => operations.id),
		code: text('code'),
		title: text('title').notNull(),
		plannedDate: text('planned_date'),
		plannedPrecision: text('planned_precision'),
		baselineDate: text('baseline_date'),
		baselinePrecision: text('baseline_precision'),
		actualDate: text('actual_date'),
		actualPrecision: text('actual_precision'),
		status: text('status').notNull().default('planned'),
		slipReason: text('slip_reason'),
		citationId: integer('citation_id').references(() => citations.id),
		position: integer('position').notNull().default(0),
		version: integer('version').notNull().default(1),
		updatedAt: text('updated_at').notNull(),
		...confirmationColumns()
	},
	(t) => [
		index('milestones_action_idx').on(t.actionId),
		index('milestones_operation_idx').on(t.operationId),
		// the national timeline reads the milestones around today in its order (planned date, then
		// position) straight from the index: no sort of the 90 000 milestones of three years
		index('milestones_planned_idx').on(t.plannedDate, t.position),
		...checks('milestones')
	]
);

/** One work step on one building (or the whole site when buildingId is null). */
export const workItems = sqliteTable(
	'work_items',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		operationId: integer('operation_id')
			.notNull()
			.references(() => operations.id),
		buildingId: integer('building_id').references(() => buildings.id),
		milestoneId: integer('milestone_id').references(() => milestones.id),
		category: text('category').notNull(),
		label: text('label').notNull(),
		citationId: integer('citation_id').references(() => citations.id),
		inferredFields: inferredFields(),
		position: integer('position').notNull().default(0)
	},
	(t) => [index('work_items_operation_idx').on(t.operationId)]
);
