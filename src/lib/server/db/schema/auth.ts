import { sqliteTable, integer, text, primaryKey, index } from 'drizzle-orm/sqlite-core';
import { checks } from '../constraints';
import { organisations, programmes } from './core';

import { ROLES, type Role } from '../../../domain/roles';
export { ROLES, type Role };

export const users = sqliteTable(
	'users',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		email: text('email').notNull().unique(),
		name: text('name').notNull(),
		role: text('role').$type<Role>().notNull(),
		organisationId: integer('organisation_id').references(() => organisations.id),
		passwordHash: text('password_hash').notNull(),
		mustChangePassword: integer('must_change_password', { mode: 'boolean' })
			.notNull()
			.default(false),
		active: integer('active', { mode: 'boolean' }).notNull().default(true),
		createdAt: text('created_at').notNull(),
		version: integer('version').notNull().default(1),
		/** the Monday digest by e-mail (on unless the person turns it off or unsubscribes) */
		digestEnabled: integer('digest_enabled', { mode: 'boolean' }).notNull().default(true),
		/** grouped event notices by e-mail */
		noticesEnabled: integer('notices_enabled', { mode: 'boolean' }).notNull().default(true),
		/** the private calendar feed's secret address part; null when none or revoked */
		calendarToken: text('calendar_token').unique()
	},
	() => checks('users')
);

/** The programmes a chef de projet may edit. */
export const userProgrammes = sqliteTable(
	'user_programmes',
	{
		userId: integer('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		programmeId: integer('programme_id')
			.notNull()
			.references(() => programmes.id)
	},
	(t) => [primaryKey({ columns: [t.userId, t.programmeId] })]
);

/** Sessions are stored as the SHA-256 of their token: a leaked table opens no session. */
export const sessions = sqliteTable(
	'sessions',
	{
		id: text('id').primaryKey(),
		userId: integer('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		expiresAt: integer('expires_at').notNull(),
		createdAt: text('created_at').notNull()
	},
	(t) => [index('sessions_user_idx').on(t.userId)]
);

/** Internal notes: read by staff and elected officials, never by partners or the public. */
export const notes = sqliteTable(
	'notes',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		entityType: text('entity_type').notNull(),
		entityId: integer('entity_id').notNull(),
		text: text('text').notNull(),
		authorId: integer('author_id').references(() => users.id),
		createdAt: text('created_at').notNull()
	},
	(t) => [index('notes_entity_idx').on(t.entityType, t.entityId), ...checks('notes')]
);

/** Failed sign-ins and password checks, by hashed key (see auth/throttle.ts); purged as it goes. */
export const loginThrottle = sqliteTable(
	'login_throttle',
	{
		key: text('key').primaryKey(),
		failures: integer('failures').notNull(),
		lastFailureAt: integer('last_failure_at').notNull()
	},
	(t) => [index('login_throttle_last_idx').on(t.lastFailureAt)]
);

/**
 * Failed sign-ins per account and day (UTC): a wrong password checked against an existing account,
 * however many; kept 90 days, for the administrators' page and weekly digest (the throttle's own
 * keys are hashed and forgotten 15 minutes after their last failure).
 */
export const loginFailures = sqliteTable(
	'login_failures',
	{
		userId: integer('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		/** the day in UTC, YYYY-MM-DD */
		day: text('day').notNull(),
		failures: integer('failures').notNull()
	},
	(t) => [
		primaryKey({ columns: [t.userId, t.day] }),
		index('login_failures_day_idx').on(t.day),
		...checks('login_failures')
	]
);

/** Addresses from which an account signed in successfully (hashed with its e-mail; kept 90 days). */
export const loginKnownAddresses = sqliteTable(
	'login_known_addresses',
	{
		key: text('key').primaryKey(),
		seenAt: integer('seen_at').notNull()
	},
	(t) => [index('login_known_seen_idx').on(t.seenAt)]
);
