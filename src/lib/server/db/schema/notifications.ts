import { sqliteTable, integer, text, uniqueIndex, index } from 'drizzle-orm/sqlite-core';
import { checks } from '../constraints';
import { users } from './auth';

/**
 * What was sent to whom, for which period: a digest once per person and ISO week ("2026-W49"), a
 * notice once per person and hour ("2026-11-30T08"), covering audit entries up to `lastAuditId`.
 * The unique index makes a second run send nothing, even when two runs overlap.
 */
export const notifications = sqliteTable(
	'notifications',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		userId: integer('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		kind: text('kind').$type<'digest' | 'notice'>().notNull(),
		period: text('period').notNull(),
		/** notices: the last audit entry they told about */
		lastAuditId: integer('last_audit_id'),
		recipient: text('recipient').notNull(),
		subject: text('subject').notNull(),
		sentAt: text('sent_at').notNull(),
		/** 'smtp', 'outbox' (an .eml file), 'pending' (claimed, being sent) or 'none' (nothing to say) */
		transport: text('transport').notNull(),
		messageId: text('message_id')
	},
	(t) => [
		uniqueIndex('notifications_once_idx').on(t.userId, t.kind, t.period),
		index('notifications_user_idx').on(t.userId, t.kind, t.sentAt),
		...checks('notifications')
	]
);

/** Secrets the app generates for itself (e.g. the key that signs unsubscribe links). */
export const appSecrets = sqliteTable('app_secrets', {
	name: text('name').primaryKey(),
	value: text('value').notNull(),
	createdAt: text('created_at').notNull()
});
