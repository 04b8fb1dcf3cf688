import { SEED_ACTOR } from '../../domain/changes';
import { citationsById, type Citation } from '../citations';
import { desc, eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db } from '../db';
import * as t from '../db/schema';
import type { opahRulesFile } from '../seed/files';
import type { OpahRules } from '../../domain/opah';
import { recordAudit } from '../audit/writer';

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type RulesFile = z.infer<typeof opahRulesFile>;

/** Stores a notice's tables as the active rule set (earlier sets stay, inactive, for the record). */
export function insertRuleSet(
	tx: Tx,
	rules: RulesFile,
	citationId: (s: { doc: string; quote: string } | undefined) => number | null,
	actor = SEED_ACTOR
): number {
	tx.update(t.opahRuleSets).set({ active: false }).run();
	const ruleSetId = tx
		.insert(t.opahRuleSets)
		.values({
			label: rules.label,
			note: rules.subsidyNote ?? null,
			citationId: citationId(rules.source),
			operator: rules.operator
				? {
						name: rules.operator.name,
						phones: rules.operator.phones,
						email: rules.operator.email,
						hours: rules.operator.hours
					}
				: null,
			operatorCitationId: rules.operator ? citationId(rules.operator.source) : null,
			loadedAt: new Date().toISOString(),
			active: true
		})
		.returning({ id: t.opahRuleSets.id })
		.get().id;
	for (const r of rules.subsidyRules) {
		const { source, ...rule } = r;
		tx.insert(t.opahSubsidyRules)
			.values({ ruleSetId, ...rule, citationId: citationId(source) })
			.run();
	}
	for (const r of rules.rentCeilings)
		tx.insert(t.opahRentCeilings)
			.values({ ruleSetId, ...r })
			.run();
	for (const r of rules.incomeCeilings)
		tx.insert(t.opahIncomeCeilings)
			.values({ ruleSetId, ...r })
			.run();
	for (const s of rules.steps)
		tx.insert(t.opahSteps)
			.values({ ruleSetId, ...s })
			.run();
	rules.commitments.forEach((text, position) =>
		tx.insert(t.opahCommitments).values({ ruleSetId, text, position }).run()
	);
	recordAudit(tx, {
		actor,
		entityType: 'opah_rule_set',
		entityId: ruleSetId,
		operation: 'create',
		after: { label: rules.label, disclaimer: rules.disclaimer }
	});
	return ruleSetId;
}

/** The active rule set, as the simulator needs it; also the notice's disclaimer and steps. */
export function activeRules(db: Db): OpahRules & {
	steps: { number: number; title: string; description: string }[];
	id: number;
	note: string | null;
	operator: { name: string; phones: string[]; email: string; hours: string } | null;
	operatorCitationId: number | null;
} {
	const set = db
		.select()
		.from(t.opahRuleSets)
		.where(eq(t.opahRuleSets.active, true))
		.orderBy(desc(t.opahRuleSets.id))
		.get();
	if (!set) throw new Error('Aucun barème OPAH-RU actif.');
	const subsidyRules = db
		.select()
		.from(t.opahSubsidyRules)
		.where(eq(t.opahSubsidyRules.ruleSetId, set.id))
		.all();
	return {
		id: set.id,
		label: set.label,
		note: set.note,
		operator: set.operator ?? null,
		operatorCitationId: set.operatorCitationId,
		disclaimer: DISCLAIMER,
		subsidyRules: subsidyRules.map((r) => ({
			...r,
			conditions: r.conditions ?? '',
			worksType: r.worksType as OpahRules['subsidyRules'][number]['worksType']
		})),
		rentCeilings: db
			.select()
			.from(t.opahRentCeilings)
			.where(eq(t.opahRentCeilings.ruleSetId, set.id))
			.orderBy(t.opahRentCeilings.surfaceM2)
			.all(),
		incomeCeilings: db
			.select()
			.from(t.opahIncomeCeilings)
			.where(eq(t.opahIncomeCeilings.ruleSetId, set.id))
			.all(),
		commitments: db
			.select()
			.from(t.opahCommitments)
			.where(eq(t.opahCommitments.ruleSetId, set.id))
			.orderBy(t.opahCommitments.position)
			.all()
			.map((c) => c.text),
		steps: db
			.select()
			.from(t.opahSteps)
			.where(eq(t.opahSteps.ruleSetId, set.id))
			.orderBy(t.opahSteps.number)
			.all()
	};
}

/** Said plainly on every estimate (the notice: rates are maxima, the local commission decides). */
export const DISCLAIMER =
	'Montants maximaux, donnés à titre indicatif. Les subventions ne sont jamais accordées de plein droit : la Commission locale d’amélioration de l’habitat décide et peut moduler les taux selon l’intérêt du projet, les priorités et les crédits disponibles.';

/** The quotes of the notice behind a simulation: the rule set's, and the works type's rule. */
export function ruleCitations(db: Db, ruleSetId: number, worksType: string): Citation[] {
	const ids = [
		db.get<{ id: number | null } | undefined>(
			sql`select citation_id as id from opah_rule_sets where id = ${ruleSetId}`
		)?.id,
		db.get<{ id: number | null } | undefined>(
			sql`select citation_id as id from opah_subsidy_rules where rule_set_id = ${ruleSetId} and works_type = ${worksType}`
		)?.id
	];
	const cited = citationsById(db, ids);
	return [...new Set(ids)].flatMap((id) => (id != null && cited[id] ? [cited[id]] : []));
}
