import { sqliteTable, integer, text, index } from 'drizzle-orm/sqlite-core';
import { users } from './auth';

/**
 * A previewed spreadsheet, kept on the server between the preview and the commit: the browser gets
 * a page of results and the draft's id, never the file echoed back. Purged after a few hours.
 */
export const importDrafts = sqliteTable(
	'import_drafts',
	{
		id: text('id').primaryKey(),
		userId: integer('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		list: text('list').notNull(),
		fileName: text('file_name').notNull(),
		/** the rows as read (JSON) */
		rows: text('rows').notNull(),
		/** the preview's row-by-row results and counts (JSON) */
		preview: text('preview').notNull(),
		unknownHeaders: text('unknown_headers', { mode: 'json' }).$type<string[]>().notNull(),
		createdAt: integer('created_at').notNull()
	},
	(t) => [
		index('import_drafts_user_idx').on(t.userId),
		index('import_drafts_created_idx').on(t.createdAt)
	]
);
