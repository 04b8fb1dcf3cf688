import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * Data versions per scope, bumped by triggers (migration 0018) on every write to the tables the
 * dashboard aggregates read: `programme:<id>` when a programme's actions, milestones, funding lines
 * or operations change, `site` when names every programme shows change (organisations, axes,
 * programmes), and `all` on each of these. A cached aggregate keyed by its scope's version can never
 * outlive an edit, whoever the writer (forms, import, seed, scripts), and a write to one programme
 * leaves every other programme's aggregates in place.
 */
export const dataVersions = sqliteTable('data_versions', {
	scope: text('scope').primaryKey(),
	version: integer('version').notNull().default(0)
});
