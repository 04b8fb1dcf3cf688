import { sqliteTable, integer, text, index } from 'drizzle-orm/sqlite-core';
import { checks } from '../constraints';
import { actionItems, organisations, programmes, inferredFields } from './core';
import { operations } from './operations';
import { citations } from './sources';

/** A line of a funding plan, attached to an action or an operation. Amounts in integer cents. */
export const fundingLines = sqliteTable(
	'funding_lines',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		actionId: integer('action_id').references(() => actionItems.id),
		operationId: integer('operation_id').references(() => operations.id),
		organisationId: integer('organisation_id').references(() => organisations.id),
		label: text('label').notNull(),
		kind: text('kind').notNull(),
		amountCents: integer('amount_cents').notNull(),
		tax: text('tax').notNull(),
		status: text('status').notNull().default('planned'),
		plannedOn: text('planned_on'),
		requestedOn: text('requested_on'),
		committedOn: text('committed_on'),
		paidOn: text('paid_on'),
		paidCents: integer('paid_cents').notNull().default(0),
		citationId: integer('citation_id').references(() => citations.id),
		inferredFields: inferredFields(),
		position: integer('position').notNull().default(0),
		version: integer('version').notNull().default(1),
		updatedAt: text('updated_at').notNull()
	},
	(t) => [
		index('funding_action_idx').on(t.actionId),
		index('funding_operation_idx').on(t.operationId),
		index('funding_org_idx').on(t.organisationId),
		...checks('funding_lines')
	]
);

/** A partner's envelope for a whole programme (e.g. Action Cœur de Ville's national envelopes). */
export const envelopes = sqliteTable(
	'envelopes',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		programmeId: integer('programme_id')
			.notNull()
			.references(() => programmes.id),
		organisationId: integer('organisation_id').references(() => organisations.id),
		parentId: integer('parent_id'),
		label: text('label').notNull(),
		kind: text('kind').notNull(),
		scope: text('scope').notNull(),
		amountCents: integer('amount_cents').notNull(),
		period: text('period'),
		citationId: integer('citation_id').references(() => citations.id),
		position: integer('position').notNull().default(0)
	},
	() => checks('envelopes')
);

/** Payments recorded on a funding line; partial payments add up to the line's paid amount. */
export const fundingPayments = sqliteTable(
	'funding_payments',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		fundingLineId: integer('funding_line_id')
			.notNull()
			.references(() => fundingLines.id),
		paidOn: text('paid_on').notNull(),
		amountCents: integer('amount_cents').notNull(),
		createdBy: integer('created_by'),
		createdAt: text('created_at').notNull()
	},
	(t) => [index('payments_line_idx').on(t.fundingLineId), ...checks('funding_payments')]
);
