import { auditLog, readLog } from '../db/schema';
import type { Db } from '../db';

export interface AuditEntry {
	userId?: number | null;
	actor: string;
	entityType: string;
	entityId: number;
	operation: 'create' | 'update' | 'delete' | 'read' | 'purge';
	before?: Record<string, unknown> | null;
	after?: Record<string, unknown> | null;
	note?: string | null;
	at?: string;
}

type Writer = Pick<Db, 'insert'>;

/** The one audit writer: call it inside the transaction that makes the change. */
export function recordAudit(tx: Writer, entry: AuditEntry): void {
	tx.insert(auditLog)
		.values({
			at: entry.at ?? new Date().toISOString(),
			userId: entry.userId ?? null,
			actor: entry.actor,
			entityType: entry.entityType,
			entityId: entry.entityId,
			operation: entry.operation,
			before: entry.before ?? null,
			after: entry.after ?? null,
			note: entry.note ?? null
		})
		.run();
}

/** Records that someone read a personal-data list (relocation cases): in the read log, not the audit log. */
export function recordRead(
	db: Writer,
	entry: {
		userId: number | null;
		actor: string;
		entityType: string;
		entityId: number;
		detail?: Record<string, unknown>;
	}
): void {
	db.insert(readLog)
		.values({
			at: new Date().toISOString(),
			userId: entry.userId,
			actor: entry.actor,
			entityType: entry.entityType,
			entityId: entry.entityId,
			detail: entry.detail ?? null
		})
		.run();
}
