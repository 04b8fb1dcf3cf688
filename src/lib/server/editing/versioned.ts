import { UNSHOWN_FIELDS } from '../../domain/changes';
import { publicActor } from '../../domain/roles';
import { and, eq, sql } from 'drizzle-orm';
import type { SQLiteTable, SQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { Db } from '../db';
import { recordAudit } from '../audit/writer';
import { ConflictError, NotFoundError } from './errors';

export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

export interface ActorRef {
	id: number | null;
	name: string;
}

type Versioned = SQLiteTable & { id: SQLiteColumn; version: SQLiteColumn };

const IGNORED = UNSHOWN_FIELDS;

/** What others changed since `version`, read back from the audit log. */
export function changesSinceVersion(tx: Tx, entityType: string, entityId: number, version: number) {
	const rows = tx.all<{
		at: string;
		actor: string;
		role: string | null;
		organisation: string | null;
		before: string | null;
		after: string | null;
	}>(sql`
		select l.at, l.actor, u.role, coalesce(o.short_name, o.name) as organisation, l.before, l.after
		from audit_log l left join users u on u.id = l.user_id left join organisations o on o.id = u.organisation_id
		where l.entity_type = ${entityType} and l.entity_id = ${entityId} and cast(json_extract(l.after, '$.version') as integer) > ${version}
		order by l.id`);
	return rows.map((r) => {
		const before = r.before ? (JSON.parse(r.before) as Record<string, unknown>) : {};
		const after = r.after ? (JSON.parse(r.after) as Record<string, unknown>) : {};
		const fields = Object.keys(after)
			.filter((k) => !IGNORED.has(k) && JSON.stringify(before[k]) !== JSON.stringify(after[k]))
			.map((field) => ({ field, before: before[field], after: after[field] }));
		// `publicActor` is what a reader outside the staff is shown instead of `actor`.
		return {
			at: r.at,
			actor: r.actor,
			publicActor: publicActor(r.role, r.organisation),
			entityType,
			fields
		};
	});
}

/**
 * The one way to update an editable record: refuses a stale version (no lost update), bumps the
 * version, and records the full before/after in the audit log, all in the caller's transaction.
 */
export function updateVersioned<T extends Versioned>(
	tx: Tx,
	table: T,
	entityType: string,
	id: number,
	expectedVersion: number,
	changes: Record<string, unknown>,
	actor: ActorRef,
	note?: string
): Record<string, unknown> {
	const before = tx
		.select()
		.from(table as SQLiteTable)
		.where(eq(table.id, id))
		.get();
	if (!before) throw new NotFoundError(`${entityType} ${id}`);
	if (before.version !== expectedVersion)
		throw new ConflictError(before, changesSinceVersion(tx, entityType, id, expectedVersion));
	const values: Record<string, unknown> = { ...changes, version: expectedVersion + 1 };
	if ('updatedAt' in before) values.updatedAt = new Date().toISOString();
	const after = tx
		.update(table)
		.set(values as never)
		.where(and(eq(table.id, id), eq(table.version, expectedVersion)))
		.returning()
		.get() as Record<string, unknown> | undefined;
	if (!after)
		throw new ConflictError(before, changesSinceVersion(tx, entityType, id, expectedVersion));
	recordAudit(tx, {
		userId: actor.id,
		actor: actor.name,
		entityType,
		entityId: id,
		operation: 'update',
		before,
		after,
		note
	});
	return after;
}

export function insertAudited<T extends SQLiteTable>(
	tx: Tx,
	table: T,
	entityType: string,
	values: Record<string, unknown>,
	actor: ActorRef
) {
	const row = tx
		.insert(table)
		.values(values as never)
		.returning()
		.get() as unknown as Record<string, unknown> & { id: number };
	recordAudit(tx, {
		userId: actor.id,
		actor: actor.name,
		entityType,
		entityId: row.id,
		operation: 'create',
		after: row
	});
	return row;
}

export function deleteVersioned<T extends Versioned>(
	tx: Tx,
	table: T,
	entityType: string,
	id: number,
	expectedVersion: number,
	actor: ActorRef
) {
	const before = tx
		.select()
		.from(table as SQLiteTable)
		.where(eq(table.id, id))
		.get();
	if (!before) throw new NotFoundError(`${entityType} ${id}`);
	if (before.version !== expectedVersion)
		throw new ConflictError(before, changesSinceVersion(tx, entityType, id, expectedVersion));
	tx.delete(table).where(eq(table.id, id)).run();
	recordAudit(tx, {
		userId: actor.id,
		actor: actor.name,
		entityType,
		entityId: id,
		operation: 'delete',
		before,
		after: null
	});
	return before;
}
