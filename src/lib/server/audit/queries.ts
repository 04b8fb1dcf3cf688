import { UNSHOWN_FIELDS } from '../../domain/changes';
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db';

const IGNORED = UNSHOWN_FIELDS;

/**
 * One line of a record's history, as the history list shows it: who, when, what, and for an update
 * the fields it changed. The audit row's full before/after snapshots stay on the server (they were
 * shipped with every page: two thirds of a programme page's data).
 */
export interface HistoryEntry {
	id: number;
	at: string;
	actor: string;
	entityType: string;
	operation: string;
	fields: { field: string; before: unknown; after: unknown }[];
}

function toEntry(r: {
	id: number;
	at: string;
	actor: string;
	entityType: string;
	operation: string;
	before: string | null;
	after: string | null;
}): HistoryEntry {
	const { before: rawBefore, after: rawAfter, ...entry } = r;
	if (r.operation !== 'update') return { ...entry, fields: [] };
	const before = rawBefore ? (JSON.parse(rawBefore) as Record<string, unknown>) : {};
	const after = rawAfter ? (JSON.parse(rawAfter) as Record<string, unknown>) : {};
	const fields = Object.keys(after)
		.filter((k) => !IGNORED.has(k) && JSON.stringify(before[k]) !== JSON.stringify(after[k]))
		.map((field) => ({ field, before: before[field], after: after[field] }));
	return { ...entry, fields };
}

const SELECT = sql`select id, at, actor, entity_type as entityType, operation, before, after from audit_log`;

/**
 * The history of an action or an operation (with its tranches), including its milestones, funding
 * lines, measurements and notes: the `limit` most recent entries.
 */
export function historyOf(
	db: Db,
	kind: 'action' | 'operation',
	ids: number[],
	limit = 500
): HistoryEntry[] {
	const key = kind === 'action' ? 'actionId' : 'operationId';
	const list = sql.join(
		ids.map((i) => sql`${i}`),
		sql`, `
	);
	const column = sql.raw(kind === 'action' ? 'action_id' : 'operation_id');
	// Each kind of record through the (entity_type, entity_id) index; deleted milestones and lines are
	// found through the record they belonged to, kept in their audit entry.
	const ofKind = (type: string, ids: SQL) =>
		sql`select id from audit_log where entity_type = ${type} and entity_id in (${ids})`;
	return db
		.all<Parameters<typeof toEntry>[0]>(
			sql`${SELECT} where id in (
				${ofKind(kind, list)}
				union ${ofKind('milestone', sql`select id from milestones where ${column} in (${list})`)}
				union ${ofKind('funding_line', sql`select id from funding_lines where ${column} in (${list})`)}
				union ${ofKind('note', sql`select id from notes where entity_type = ${kind} and entity_id in (${list})`)}
				union ${ofKind('indicator_value', sql`select v.id from indicator_values v join indicators i on i.id = v.indicator_id where i.${column} in (${list})`)}
				union select id from audit_log where operation = 'delete' and entity_type in ('milestone', 'funding_line') and json_extract(before, ${'$.' + key}) in (${list})
			)
			order by id desc limit ${limit}`
		)
		.map(toEntry);
}

export interface AuditFilter {
	entityType?: string;
	actor?: string;
	from?: string;
	to?: string;
	page?: number;
}

/** The whole log, newest first, filtered, 100 a page. */
export function auditPage(db: Db, f: AuditFilter) {
	const w = [sql`1 = 1`];
	if (f.entityType) w.push(sql`entity_type = ${f.entityType}`);
	if (f.actor)
		w.push(sql`actor like ${`%${f.actor.replace(/[%_\\]/g, (c) => `\\${c}`)}%`} escape '\\'`);
	if (f.from) w.push(sql`at >= ${f.from}`);
	if (f.to) w.push(sql`at < date(${f.to}, '+1 day')`);
	const where = sql.join(w, sql` and `);
	const page = Math.max(1, f.page ?? 1);
	const total = db.get<{ n: number }>(sql`select count(*) as n from audit_log where ${where}`).n;
	const entries = db
		.all<Parameters<typeof toEntry>[0]>(
			sql`${SELECT} where ${where} order by id desc limit 100 offset ${(page - 1) * 100}`
		)
		.map(toEntry);
	const types = db
		.all<{ t: string }>(sql`select distinct entity_type as t from audit_log order by t`)
		.map((r) => r.t);
	return { entries, total, page, pages: Math.max(1, Math.ceil(total / 100)), types };
}
