import { sqliteTable, integer, text } from 'drizzle-orm/sqlite-core';

/** A public source document, described by title, publisher and date. */
export const documents = sqliteTable('documents', {
	id: integer('id').primaryKey({ autoIncrement: true }),
	key: text('key').notNull().unique(),
	// The document's public address where one is known; never a local file name.
	url: text('url'),
	title: text('title').notNull(),
	publishedOn: text('published_on'),
	publisher: text('publisher')
});

/** One citation: a short quote of a document that backs a seeded figure. */
export const citations = sqliteTable('citations', {
	id: integer('id').primaryKey({ autoIncrement: true }),
	documentId: integer('document_id')
		.notNull()
		.references(() => documents.id),
	quote: text('quote').notNull()
});
