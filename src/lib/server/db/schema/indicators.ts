import { sqliteTable, integer, text, real, index } from 'drizzle-orm/sqlite-core';
import { checks } from '../constraints';
import { actionItems, programmes, inferredFields } from './core';
import { operations } from './operations';
import { citations } from './sources';

export const indicators = sqliteTable(
	'indicators',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		slug: text('slug').notNull().unique(),
		programmeId: integer('programme_id').references(() => programmes.id),
		actionId: integer('action_id').references(() => actionItems.id),
		operationId: integer('operation_id').references(() => operations.id),
		label: text('label').notNull(),
		unit: text('unit').notNull(),
		target: real('target'),
		targetDate: text('target_date'),
		targetPrecision: text('target_precision'),
		targetCitationId: integer('target_citation_id').references(() => citations.id),
		note: text('note'),
		/** `measuredOn` (a date the document does not give), `action` (a link it does not make) */
		inferredFields: inferredFields(),
		position: integer('position').notNull().default(0)
	},
	(t) => [
		index('indicators_action_idx').on(t.actionId),
		index('indicators_programme_idx').on(t.programmeId)
	]
);

export const indicatorValues = sqliteTable(
	'indicator_values',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		indicatorId: integer('indicator_id')
			.notNull()
			.references(() => indicators.id),
		value: real('value').notNull(),
		/** what the value is out of, when the document gives it (26 000 of 43 000) */
		ofTotal: real('of_total'),
		measuredOn: text('measured_on'),
		measuredPrecision: text('measured_precision'),
		citationId: integer('citation_id').references(() => citations.id),
		version: integer('version').notNull().default(1)
	},
	(t) => [index('indicator_values_indicator_idx').on(t.indicatorId), ...checks('indicator_values')]
);

/** Reference figures from elsewhere (e.g. another town's relocation operation), kept apart from ours. */
export const referenceFigures = sqliteTable('reference_figures', {
	id: integer('id').primaryKey({ autoIncrement: true }),
	topic: text('topic').notNull(),
	label: text('label').notNull(),
	value: real('value').notNull(),
	unit: text('unit').notNull(),
	context: text('context'),
	citationId: integer('citation_id').references(() => citations.id)
});
