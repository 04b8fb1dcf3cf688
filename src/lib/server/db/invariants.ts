import type { Db } from './index';
import { invariantQueries } from './constraints';

export interface Violation {
	table: string;
	name: string;
	ids: number[];
}

/**
 * Rows that break a CHECK rule, plus SQLite's own integrity and foreign-key checks. Empty on a healthy
 * database; tests run it after every hostile suite, the migration runner before it rebuilds tables.
 */
export function invariantViolations(db: Db, options: { skipMissing?: boolean } = {}): Violation[] {
	const out: Violation[] = [];
	for (const q of invariantQueries()) {
		try {
			const rows = db.$client.prepare(q.sql).all() as { id: number }[];
			if (rows.length) out.push({ table: q.table, name: q.name, ids: rows.map((r) => r.id) });
		} catch (e) {
			// An older schema may lack a table or column that a later migration adds.
			if (!(options.skipMissing && /no such (table|column)/.test((e as Error).message))) throw e;
		}
	}
	const integrity = db.$client.pragma('integrity_check', { simple: true });
	if (integrity !== 'ok')
		out.push({ table: '*', name: `integrity_check: ${String(integrity)}`, ids: [] });
	const fk = db.$client.pragma('foreign_key_check') as { table: string; rowid: number }[];
	for (const f of fk) out.push({ table: f.table, name: 'foreign_key_check', ids: [f.rowid] });
	return out;
}
