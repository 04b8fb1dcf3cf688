import {
	sqliteTable,
	integer,
	text,
	primaryKey,
	index,
	uniqueIndex
} from 'drizzle-orm/sqlite-core';
import { checks } from '../constraints';
import { confirmationColumns } from './confirmation';
import { citations } from './sources';

/** JSON list of field names whose value was inferred, not read in a document. */
const inferredFields = () =>
	text('inferred_fields', { mode: 'json' }).$type<string[]>().notNull().default([]);

export const territories = sqliteTable('territories', {
	id: integer('id').primaryKey({ autoIncrement: true }),
	slug: text('slug').notNull().unique(),
	name: text('name').notNull(),
	kind: text('kind').notNull(),
	siren: text('siren'),
	inseeCode: text('insee_code')
});

export const organisations = sqliteTable('organisations', {
	id: integer('id').primaryKey({ autoIncrement: true }),
	slug: text('slug').notNull().unique(),
	name: text('name').notNull(),
	shortName: text('short_name'),
	type: text('type').notNull(),
	description: text('description'),
	/** SIRET, needed for the SCDL subsidies export; empty until someone enters it */
	siret: text('siret')
});

export const programmes = sqliteTable('programmes', {
	id: integer('id').primaryKey({ autoIncrement: true }),
	slug: text('slug').notNull().unique(),
	territoryId: integer('territory_id')
		.notNull()
		.references(() => territories.id),
	parentId: integer('parent_id'),
	name: text('name').notNull(),
	shortName: text('short_name'),
	kind: text('kind').notNull(),
	startDate: text('start_date'),
	startPrecision: text('start_precision'),
	endDate: text('end_date'),
	endPrecision: text('end_precision'),
	signedOn: text('signed_on'),
	description: text('description'),
	axisLabel: text('axis_label').notNull().default('Axe'),
	citationId: integer('citation_id').references(() => citations.id),
	position: integer('position').notNull().default(0),
	/** how to read the national envelopes, including where the documents disagree */
	envelopeNote: text('envelope_note')
});

export const programmeOrganisations = sqliteTable(
	'programme_organisations',
	{
		programmeId: integer('programme_id')
			.notNull()
			.references(() => programmes.id),
		organisationId: integer('organisation_id')
			.notNull()
			.references(() => organisations.id),
		role: text('role').notNull(),
		note: text('note'),
		citationId: integer('citation_id').references(() => citations.id)
	},
	(t) => [
		primaryKey({ columns: [t.programmeId, t.organisationId, t.role] }),
		index('po_org_idx').on(t.organisationId)
	]
);

export const axes = sqliteTable(
	'axes',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		programmeId: integer('programme_id')
			.notNull()
			.references(() => programmes.id),
		code: text('code').notNull(),
		title: text('title').notNull(),
		shortTitle: text('short_title'),
		context: text('context'),
		position: integer('position').notNull(),
		citationId: integer('citation_id').references(() => citations.id)
	},
	(t) => [uniqueIndex('axes_programme_code').on(t.programmeId, t.code)]
);

/** Named action_items: `actions` is SvelteKit's form-action export. */
export const actionItems = sqliteTable(
	'action_items',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		programmeId: integer('programme_id')
			.notNull()
			.references(() => programmes.id),
		axisId: integer('axis_id').references(() => axes.id),
		number: integer('number'),
		code: text('code').notNull(),
		title: text('title').notNull(),
		description: text('description'),
		objectives: text('objectives', { mode: 'json' }).$type<string[]>().notNull().default([]),
		leadOrganisationId: integer('lead_organisation_id').references(() => organisations.id),
		status: text('status').notNull().default('non_renseigne'),
		statusCitationId: integer('status_citation_id').references(() => citations.id),
		progress: integer('progress'),
		maturity: text('maturity'),
		startDate: text('start_date'),
		startPrecision: text('start_precision'),
		endDate: text('end_date'),
		endPrecision: text('end_precision'),
		citationId: integer('citation_id').references(() => citations.id),
		inferredFields: inferredFields(),
		note: text('note'),
		position: integer('position').notNull().default(0),
		version: integer('version').notNull().default(1),
		updatedAt: text('updated_at').notNull(),
		...confirmationColumns()
	},
	(t) => [
		uniqueIndex('actions_programme_code').on(t.programmeId, t.code),
		index('actions_axis_idx').on(t.axisId),
		index('actions_lead_idx').on(t.leadOrganisationId),
		...checks('action_items')
	]
);

export const actionPartners = sqliteTable(
	'action_partners',
	{
		actionId: integer('action_id')
			.notNull()
			.references(() => actionItems.id),
		organisationId: integer('organisation_id')
			.notNull()
			.references(() => organisations.id),
		role: text('role').notNull().default('partner')
	},
	(t) => [
		primaryKey({ columns: [t.actionId, t.organisationId, t.role] }),
		index('ap_org_idx').on(t.organisationId)
	]
);

/** "Premières réalisations": listed per orientation, tied to an action where the text allows. */
export const achievements = sqliteTable('achievements', {
	id: integer('id').primaryKey({ autoIncrement: true }),
	axisId: integer('axis_id').references(() => axes.id),
	actionId: integer('action_id').references(() => actionItems.id),
	text: text('text').notNull(),
	citationId: integer('citation_id').references(() => citations.id),
	inferredFields: inferredFields(),
	position: integer('position').notNull().default(0)
});

/** A typed link between two records of any kind (action, operation, programme, place…). */
export const links = sqliteTable(
	'links',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		fromType: text('from_type').notNull(),
		fromId: integer('from_id').notNull(),
		toType: text('to_type').notNull(),
		toId: integer('to_id').notNull(),
		kind: text('kind').notNull(),
		note: text('note'),
		citationId: integer('citation_id').references(() => citations.id)
	},
	(t) => [
		index('links_from_idx').on(t.fromType, t.fromId),
		index('links_to_idx').on(t.toType, t.toId)
	]
);

export { inferredFields };
