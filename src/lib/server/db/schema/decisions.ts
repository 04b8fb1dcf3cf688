import { sqliteTable, integer, text, primaryKey, index } from 'drizzle-orm/sqlite-core';
import { checks } from '../constraints';
import { actionItems, programmes } from './core';

/** Steering-committee decisions (COPIL, council…), shown on the actions they concern and in reports. */
export const decisions = sqliteTable(
	'decisions',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		programmeId: integer('programme_id').references(() => programmes.id),
		decidedOn: text('decided_on').notNull(),
		body: text('body').notNull(),
		text: text('text').notNull(),
		createdBy: integer('created_by'),
		version: integer('version').notNull().default(1),
		updatedAt: text('updated_at').notNull()
	},
	(t) => [index('decisions_date_idx').on(t.decidedOn), ...checks('decisions')]
);

export const decisionActions = sqliteTable(
	'decision_actions',
	{
		decisionId: integer('decision_id')
			.notNull()
			.references(() => decisions.id, { onDelete: 'cascade' }),
		actionId: integer('action_id')
			.notNull()
			.references(() => actionItems.id)
	},
	(t) => [
		primaryKey({ columns: [t.decisionId, t.actionId] }),
		index('decision_actions_action_idx').on(t.actionId)
	]
);
