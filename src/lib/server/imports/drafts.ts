import { randomBytes } from 'node:crypto';
import { and, eq, lt } from 'drizzle-orm';
import type { Db } from '../db';
import { importDrafts } from '../db/schema';
import { importRows, type ImportList, type RowResult } from './apply';
import type { RawRow } from './read';
import type { ActorRef } from '../editing/versioned';

/** A draft lives this long between preview and commit. */
const LIFETIME_MS = 6 * 60 * 60 * 1000;
/** Results shown per page of the preview. */
export const PAGE_SIZE = 100;

type Check = ReturnType<typeof importRows>;

export interface DraftPage {
	id: string;
	list: ImportList;
	fileName: string;
	unknownHeaders: string[];
	counts: Check['counts'];
	ok: boolean;
	/** rows whose record changed since the export (the user may overwrite them) */
	stale: number;
	/** rows refused for another reason than staleness */
	blocking: number;
	total: number;
	page: number;
	pages: number;
	/** this page's results: problems first, then in file order */
	results: RowResult[];
}

/** Stores a checked file for its author (one draft per user: a new preview replaces the last). */
export function saveDraft(
	db: Db,
	userId: number,
	input: { list: ImportList; fileName: string; rows: RawRow[]; unknownHeaders: string[] },
	check: Check,
	now = Date.now()
): string {
	const id = randomBytes(18).toString('base64url');
	db.transaction((tx) => {
		tx.delete(importDrafts)
			.where(lt(importDrafts.createdAt, now - LIFETIME_MS))
			.run();
		tx.delete(importDrafts).where(eq(importDrafts.userId, userId)).run();
		tx.insert(importDrafts)
			.values({
				id,
				userId,
				list: input.list,
				fileName: input.fileName.slice(0, 255),
				rows: JSON.stringify(input.rows),
				preview: JSON.stringify({ results: check.results, counts: check.counts, ok: check.ok }),
				unknownHeaders: input.unknownHeaders.slice(0, 60),
				createdAt: now
			})
			.run();
	});
	return id;
}

function find(db: Db, userId: number, id: string, now: number) {
	if (!/^[A-Za-z0-9_-]{10,40}$/.test(id)) return undefined;
	const row = db
		.select()
		.from(importDrafts)
		.where(and(eq(importDrafts.id, id), eq(importDrafts.userId, userId)))
		.get();
	return row && row.createdAt >= now - LIFETIME_MS ? row : undefined;
}

const rank = (r: RowResult) =>
	r.action === 'error' ? (r.stale && r.errors.length === 1 ? 1 : 0) : 2;

/** One page of a draft's preview, for its author only; undefined when unknown or expired. */
export function draftPage(
	db: Db,
	userId: number,
	id: string,
	page: number,
	now = Date.now()
): DraftPage | undefined {
	const row = find(db, userId, id, now);
	if (!row) return undefined;
	const preview = JSON.parse(row.preview) as Pick<Check, 'results' | 'counts' | 'ok'>;
	const sorted = [...preview.results].sort((a, b) => rank(a) - rank(b) || a.line - b.line);
	const pages = Math.max(1, Math.ceil(sorted.length / PAGE_SIZE));
	const p = Math.min(Math.max(1, Math.trunc(page) || 1), pages);
	return {
		id: row.id,
		list: row.list as ImportList,
		fileName: row.fileName,
		unknownHeaders: row.unknownHeaders,
		counts: preview.counts,
		ok: preview.ok,
		stale: preview.results.filter((r) => r.stale).length,
		blocking: preview.results.filter((r) => rank(r) === 0).length,
		total: sorted.length,
		page: p,
		pages,
		results: sorted.slice((p - 1) * PAGE_SIZE, p * PAGE_SIZE)
	};
}

/**
 * Re-checks the draft's rows against today's data and writes them all or none. The draft is
 * removed once written.
 */
export function commitDraft(
	db: Db,
	userId: number,
	id: string,
	editable: (programmeId: number) => boolean,
	actor: ActorRef,
	overwrite: ReadonlySet<number> | 'all',
	now = Date.now()
): { found: false } | ({ found: true } & Check) {
	const row = find(db, userId, id, now);
	if (!row) return { found: false };
	const rows = JSON.parse(row.rows) as RawRow[];
	const done = importRows(db, row.list as ImportList, rows, editable, actor, true, overwrite);
	if (done.written) db.delete(importDrafts).where(eq(importDrafts.id, id)).run();
	else
		db.update(importDrafts)
			.set({
				preview: JSON.stringify({ results: done.results, counts: done.counts, ok: done.ok })
			})
			.where(eq(importDrafts.id, id))
			.run();
	return { found: true, ...done };
}
