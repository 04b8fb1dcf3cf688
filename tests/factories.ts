import * as t from '../src/lib/server/db/schema';
import type { Db } from '../src/lib/server/db';
import { emptyDb } from './helpers';

const NOW = '2026-01-01T00:00:00.000Z';
let seq = 0;
const next = () => ++seq;

/** Small builders for crafted test data on an empty, migrated database. */
export function factory(db: Db = emptyDb()) {
	const territoryId = db
		.insert(t.territories)
		.values({ slug: `t${next()}`, name: 'Territoire test', kind: 'epci' })
		.returning()
		.get().id;
	return {
		db,
		organisation(over: Partial<typeof t.organisations.$inferInsert> = {}) {
			const n = next();
			return db
				.insert(t.organisations)
				.values({
					slug: `org-${n}`,
					name: `Organisation ${n}`,
					shortName: `Org ${n}`,
					type: 'state',
					...over
				})
				.returning()
				.get();
		},
		programme(over: Partial<typeof t.programmes.$inferInsert> = {}) {
			const n = next();
			return db
				.insert(t.programmes)
				.values({
					slug: `prog-${n}`,
					territoryId,
					name: `Programme ${n}`,
					shortName: `P${n}`,
					kind: 'contrat_de_ville',
					position: n,
					...over
				})
				.returning()
				.get();
		},
		axis(programmeId: number, over: Partial<typeof t.axes.$inferInsert> = {}) {
			const n = next();
			return db
				.insert(t.axes)
				.values({ programmeId, code: String(n), title: `Axe ${n}`, position: n, ...over })
				.returning()
				.get();
		},
		action(programmeId: number, over: Partial<typeof t.actionItems.$inferInsert> = {}) {
			const n = next();
			return db
				.insert(t.actionItems)
				.values({
					programmeId,
					code: String(n),
					number: n,
					title: `Action ${n}`,
					updatedAt: NOW,
					...over
				})
				.returning()
				.get();
		},
		operation(programmeId: number, over: Partial<typeof t.operations.$inferInsert> = {}) {
			const n = next();
			return db
				.insert(t.operations)
				.values({ programmeId, slug: `op-${n}`, name: `Opération ${n}`, updatedAt: NOW, ...over })
				.returning()
				.get();
		},
		milestone(over: Partial<typeof t.milestones.$inferInsert> = {}) {
			const n = next();
			return db
				.insert(t.milestones)
				.values({
					title: `Jalon ${n}`,
					plannedDate: '2024-01-01',
					plannedPrecision: 'day',
					baselineDate: over.plannedDate ?? '2024-01-01',
					baselinePrecision: over.plannedPrecision ?? 'day',
					updatedAt: NOW,
					...over
				})
				.returning()
				.get();
		},
		funding(over: Partial<typeof t.fundingLines.$inferInsert> & { amountCents: number }) {
			return db
				.insert(t.fundingLines)
				.values({ label: 'Ligne', kind: 'subsidy', tax: 'TTC', updatedAt: NOW, ...over })
				.returning()
				.get();
		}
	};
}
