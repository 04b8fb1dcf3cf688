import { sqliteTable, integer, text, real, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { checks } from '../constraints';
import { citations } from './sources';

/** One year's OPAH-RU rules; a new notice loads a new set without code changes. */
export const opahRuleSets = sqliteTable('opah_rule_sets', {
	id: integer('id').primaryKey({ autoIncrement: true }),
	label: text('label').notNull(),
	active: integer('active', { mode: 'boolean' }).notNull().default(true),
	/** how the notice's table was read (merged cells…), shown with every estimate */
	note: text('note'),
	citationId: integer('citation_id').references(() => citations.id),
	loadedAt: text('loaded_at').notNull(),
	/** the operator's contact details, as the notice gives them */
	operator: text('operator', { mode: 'json' }).$type<{
		name: string;
		phones: string[];
		email: string;
		hours: string;
	} | null>(),
	operatorCitationId: integer('operator_citation_id').references(() => citations.id)
});

/** One line of the notice's subsidy table, by works type. Null amounts: the notice gives none. */
export const opahSubsidyRules = sqliteTable('opah_subsidy_rules', {
	id: integer('id').primaryKey({ autoIncrement: true }),
	ruleSetId: integer('rule_set_id')
		.notNull()
		.references(() => opahRuleSets.id),
	worksType: text('works_type').notNull(),
	label: text('label').notNull(),
	ceilingCentsPerM2: integer('ceiling_cents_per_m2').notNull(),
	maxSurfaceM2: real('max_surface_m2').notNull(),
	anahRate: real('anah_rate').notNull(),
	aseBonusCents: integer('ase_bonus_cents'),
	grandCahorsHighRate: real('grand_cahors_high_rate'),
	grandCahorsLowRate: real('grand_cahors_low_rate'),
	regionEcoChequeCents: integer('region_eco_cheque_cents'),
	departementCents: integer('departement_cents'),
	conditions: text('conditions'),
	citationId: integer('citation_id').references(() => citations.id)
});

export const opahRentCeilings = sqliteTable(
	'opah_rent_ceilings',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		ruleSetId: integer('rule_set_id')
			.notNull()
			.references(() => opahRuleSets.id),
		surfaceM2: integer('surface_m2').notNull(),
		liMonthlyCents: integer('li_monthly_cents').notNull(),
		liPerM2Cents: integer('li_per_m2_cents').notNull(),
		lcsMonthlyCents: integer('lcs_monthly_cents').notNull(),
		lcsPerM2Cents: integer('lcs_per_m2_cents').notNull()
	},
	(t) => [uniqueIndex('rent_set_surface').on(t.ruleSetId, t.surfaceM2)]
);

export const opahIncomeCeilings = sqliteTable(
	'opah_income_ceilings',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		ruleSetId: integer('rule_set_id')
			.notNull()
			.references(() => opahRuleSets.id),
		/** 'single', 'couple', 'dependants_1'…'dependants_4', or 'per_extra_dependant' */
		household: text('household').notNull(),
		liCents: integer('li_cents').notNull(),
		lcsCents: integer('lcs_cents').notNull(),
		lctsCents: integer('lcts_cents').notNull()
	},
	(t) => [uniqueIndex('income_set_household').on(t.ruleSetId, t.household)]
);

/** The notice's application steps, its commitments and other plain rules. */
export const opahSteps = sqliteTable('opah_steps', {
	id: integer('id').primaryKey({ autoIncrement: true }),
	ruleSetId: integer('rule_set_id')
		.notNull()
		.references(() => opahRuleSets.id),
	number: integer('number').notNull(),
	title: text('title').notNull(),
	description: text('description').notNull()
});

export const opahCommitments = sqliteTable('opah_commitments', {
	id: integer('id').primaryKey({ autoIncrement: true }),
	ruleSetId: integer('rule_set_id')
		.notNull()
		.references(() => opahRuleSets.id),
	text: text('text').notNull(),
	position: integer('position').notNull()
});

/** A landlord's application, followed through the notice's 5 steps. The owner is a pseudonymous reference only. */
export const opahApplications = sqliteTable(
	'opah_applications',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		reference: text('reference').notNull().unique(),
		address: text('address').notNull(),
		lon: real('lon'),
		lat: real('lat'),
		dwellings: integer('dwellings').notNull(),
		worksType: text('works_type').notNull(),
		rentType: text('rent_type').notNull(),
		step: integer('step').notNull().default(1),
		step1On: text('step1_on').notNull(),
		step2On: text('step2_on'),
		step3On: text('step3_on'),
		step4On: text('step4_on'),
		step5On: text('step5_on'),
		/** the end of step 5: works finished and subsidies paid */
		paidOn: text('paid_on'),
		status: text('status').notNull().default('en_cours'),
		version: integer('version').notNull().default(1),
		updatedAt: text('updated_at').notNull()
	},
	() => checks('opah_applications')
);

export const opahApplicationSubsidies = sqliteTable(
	'opah_application_subsidies',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		applicationId: integer('application_id')
			.notNull()
			.references(() => opahApplications.id),
		funder: text('funder').notNull(),
		reservedCents: integer('reserved_cents').notNull().default(0),
		paidCents: integer('paid_cents').notNull().default(0),
		version: integer('version').notNull().default(1)
	},
	(t) => [
		uniqueIndex('opah_subsidy_app_funder').on(t.applicationId, t.funder),
		...checks('opah_application_subsidies')
	]
);
