import { auditLog } from '../db/schema';
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
