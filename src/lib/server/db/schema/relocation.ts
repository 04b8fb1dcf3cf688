import { sqliteTable, integer, text, index, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { checks } from '../constraints';
import { organisations } from './core';
import { operations, buildings } from './operations';

/**
 * A household to rehouse during an operation. Deliberately no name, contact, health or income field:
 * only a pseudonymous code and what the follow-up needs.
 */
export const relocationCases = sqliteTable(
	'relocation_cases',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		operationId: integer('operation_id')
			.notNull()
			.references(() => operations.id),
		code: text('code').notNull(),
		householdSize: integer('household_size').notNull(),
		buildingId: integer('building_id').references(() => buildings.id),
		staircase: text('staircase'),
		diagnosisOn: text('diagnosis_on'),
		solutionType: text('solution_type'),
		landlordOrganisationId: integer('landlord_organisation_id').references(() => organisations.id),
		proposalsMade: integer('proposals_made').notNull().default(0),
		proposalsRefused: integer('proposals_refused').notNull().default(0),
		proposalAcceptedOn: text('proposal_accepted_on'),
		movedOn: text('moved_on'),
		returnedOn: text('returned_on'),
		closedOn: text('closed_on'),
		version: integer('version').notNull().default(1),
		updatedAt: text('updated_at').notNull()
	},
	(t) => [
		index('relocation_operation_idx').on(t.operationId),
		// One pseudonymous code per household and operation, even under concurrent saves.
		uniqueIndex('relocation_operation_code_idx').on(t.operationId, t.code),
		...checks('relocation_cases')
	]
);
