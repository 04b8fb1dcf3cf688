import { inArray, eq } from 'drizzle-orm';
import { citations, documents } from './db/schema';
import type { Db } from './db';

import type { Citation } from '../domain/types';

export type { Citation };

/** Resolves citation ids to their quote and document, keyed by id. */
export function citationsById(
	db: Db,
	ids: (number | null | undefined)[]
): Record<number, Citation> {
	const wanted = [...new Set(ids.filter((id): id is number => typeof id === 'number'))];
	if (wanted.length === 0) return {};
	const rows = db
		.select({
			id: citations.id,
			quote: citations.quote,
			title: documents.title,
			publisher: documents.publisher,
			publishedOn: documents.publishedOn,
			url: documents.url,
			documentKey: documents.key
		})
		.from(citations)
		.innerJoin(documents, eq(documents.id, citations.documentId))
		.where(inArray(citations.id, wanted))
		.all();
	return Object.fromEntries(rows.map((r) => [r.id, r]));
}
