import { sql } from 'drizzle-orm';
import type { Db } from '../db';
import { listFundingLines } from './queries';
import { checkFundingPlan, type PlanCheck } from '../../domain/funding';

/** Every operation with a total cost or funding lines, checked; those with a warning come first. */
export function plansToCheck(
	db: Db
): { slug: string; name: string; programme: string; check: PlanCheck }[] {
	const ops = db.all<{
		id: number;
		slug: string;
		name: string;
		programme: string;
		total: number | null;
		tax: string | null;
	}>(sql`
		select o.id, o.slug, o.name, p.short_name as programme, o.total_cost_cents as total, o.total_cost_tax as tax
		from operations o join programmes p on p.id = o.programme_id
		where o.total_cost_cents is not null or exists (select 1 from funding_lines fl where fl.operation_id = o.id)
		order by p.position, o.position`);
	const lines = listFundingLines(db, { operationIds: ops.map((o) => o.id) });
	return ops
		.map((o) => ({
			slug: o.slug,
			name: o.name,
			programme: o.programme,
			check: checkFundingPlan(
				lines.filter((l) => l.operationId === o.id),
				{ cents: o.total, tax: o.tax }
			)
		}))
		.sort((a, b) => b.check.warnings.length - a.check.warnings.length);
}
