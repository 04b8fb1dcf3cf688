import { sqliteTable, integer, text, index } from 'drizzle-orm/sqlite-core';

/** Append-only: every write records who, when, what, before and after. */
export const auditLog = sqliteTable(
	'audit_log',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		at: text('at').notNull(),
		userId: integer('user_id'),
		actor: text('actor').notNull(),
		entityType: text('entity_type').notNull(),
		entityId: integer('entity_id').notNull(),
		operation: text('operation').notNull(),
		before: text('before', { mode: 'json' }).$type<Record<string, unknown> | null>(),
		after: text('after', { mode: 'json' }).$type<Record<string, unknown> | null>(),
		note: text('note')
	},
	(t) => [
		index('audit_entity_idx').on(t.entityType, t.entityId),
		index('audit_at_idx').on(t.at),
		// Deletions are rare: this finds them without reading the whole log.
		index('audit_operation_idx').on(t.operation, t.entityType)
	]
);

/**
 * Who read personal-data lists (relocation cases), and when: kept apart from the audit log, so that
 * reading never looks like a change (nor invalidates what is cached per data version).
 */
export const readLog = sqliteTable(
	'read_log',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		at: text('at').notNull(),
		userId: integer('user_id'),
		actor: text('actor').notNull(),
		entityType: text('entity_type').notNull(),
		entityId: integer('entity_id').notNull(),
		/** e.g. how many cases the list showed */
		detail: text('detail', { mode: 'json' }).$type<Record<string, unknown> | null>()
	},
	(t) => [index('read_log_at_idx').on(t.at)]
);
