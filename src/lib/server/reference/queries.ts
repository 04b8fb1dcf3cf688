import { sql } from 'drizzle-orm';
import type { Db } from '../db';

export interface ReferenceFigure {
	id: number;
	label: string;
	value: number;
	unit: string | null;
	context: string | null;
	citationId: number | null;
}

/** Figures from other towns' documents, shown as references beside our own (e.g. relocation). */
export function referenceFigures(db: Db, topic: string): ReferenceFigure[] {
	return db.all<ReferenceFigure>(sql`
		select id, label, value, unit, context, citation_id as citationId from reference_figures
		where topic = ${topic} order by id`);
}
