import { and, eq, inArray, lt, isNotNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../db';
import { relocationCases, buildings, organisations, operations } from '../db/schema';
import { getOperationBySlug } from '../operations/queries';
import { insertAudited, updateVersioned, type ActorRef, type Tx } from '../editing/versioned';
import { FieldError, NotFoundError } from '../editing/errors';
import { recordAudit, recordRead } from '../audit/writer';
import { id, version, optionalDate, integer, choice, emptyAsNull } from '../../schemas/fields';
import { codesOf } from '../../domain/codes';
import { maskHierarchy, MASKED, isMasked, SMALL_COUNT, type Shown } from '../../domain/disclosure';
import {
	relocationStats,
	publishRelocationStats,
	type PublishedRelocationStats,
	type RelocationStats,
	RELOCATION_LANDLORD_TYPES,
	SOLUTION_TYPES
} from '../../domain/relocation';
import { todayIso } from '../../domain/dates';
import { sortFrench } from '../../domain/collation';

const date = optionalDate;
const count = (label: string) => integer(0, 50, label);

/** Personal data the form refuses wherever it appears. */
const EMAIL = /[^\s@]+@[^\s@]+\.[^\s@]+/;
const PHONE = /(\+33|0)\s*[1-9](?:[\s.-]*\d{2}){4}/;

const caseFields = {
	code: z
		.string()
		.trim()
		.refine((v) => !EMAIL.test(v), 'Pas d’adresse e-mail : un code pseudonyme seulement.')
		.refine((v) => !PHONE.test(v), 'Pas de numéro de téléphone : un code pseudonyme seulement.')
		.refine(
			(v) => /^[A-Z]{1,3}-\d{1,4}$/.test(v),
			'Code pseudonyme attendu, par exemple M-014 (jamais un nom).'
		),
	householdSize: count('Taille du ménage').refine(
		(n) => n >= 1,
		'Taille du ménage : 1 au minimum.'
	),
	building: z.string().trim().max(10),
	staircase: z
		.string()
		.trim()
		.max(10, 'Cage d’escalier : 10 caractères au plus.')
		.refine(
			(v) => v === '' || /^[A-Za-z0-9 -]{1,10}$/.test(v),
			'Cage d’escalier : lettres et chiffres seulement (ex. : 2, B).'
		),
	diagnosisOn: date,
	solutionType: emptyAsNull(choice(codesOf(SOLUTION_TYPES), 'Type de solution inconnu.')),
	landlord: z.string().trim().max(80),
	proposalsMade: count('Propositions faites'),
	proposalsRefused: count('Propositions refusées'),
	proposalAcceptedOn: date,
	movedOn: date,
	returnedOn: date,
	closedOn: date
};

type CaseFields = z.output<z.ZodObject<typeof caseFields>>;

/** Rules across fields: refusals never exceed proposals, dates in order, a return needs a temporary move. */
function caseRules(v: CaseFields, ctx: z.RefinementCtx) {
	if (v.proposalsRefused > v.proposalsMade)
		ctx.addIssue({
			code: 'custom',
			path: ['proposalsRefused'],
			message: 'Plus de refus que de propositions.'
		});
	const order: [keyof typeof v, string][] = [
		['diagnosisOn', 'le diagnostic'],
		['proposalAcceptedOn', "l'acceptation"],
		['movedOn', 'le déménagement'],
		['returnedOn', 'le retour'],
		['closedOn', 'la clôture']
	];
	let last: [string, string] | null = null;
	for (const [k, label] of order) {
		const d = v[k] as string | null;
		if (!d) continue;
		if (last && d < last[0])
			ctx.addIssue({ code: 'custom', path: [k], message: `Cette date précède ${last[1]}.` });
		last = [d, label];
	}
	if (v.returnedOn && v.solutionType !== 'temporaire_retour' && v.solutionType !== 'tiroir')
		ctx.addIssue({
			code: 'custom',
			path: ['returnedOn'],
			message: 'Un retour suppose un relogement temporaire ou une opération tiroir.'
		});
}

/** Unknown fields are refused: nothing beyond these may be stored about a household. */
export const caseSchema = z.object(caseFields).strict().superRefine(caseRules);

/** An edit names the case and the version the form was opened on. */
export const caseUpdateSchema = z
	.object({ ...caseFields, id, version })
	.strict()
	.superRefine(caseRules);

function values(
	db: Db | Parameters<Parameters<Db['transaction']>[0]>[0],
	operationFamily: number[],
	input: z.output<typeof caseSchema>
) {
	let buildingId: number | null = null;
	if (input.building) {
		const b = db
			.select()
			.from(buildings)
			.where(eq(buildings.code, input.building))
			.all()
			.find((x) => operationFamily.includes(x.operationId));
		if (!b) throw new FieldError({ building: 'Bâtiment inconnu pour cette opération.' });
		buildingId = b.id;
	}
	let landlordOrganisationId: number | null = null;
	if (input.landlord) {
		const o = db.select().from(organisations).where(eq(organisations.slug, input.landlord)).get();
		if (!o || !(RELOCATION_LANDLORD_TYPES as readonly string[]).includes(o.type))
			throw new FieldError({ landlord: 'Bailleur inconnu : choisissez-le dans la liste.' });
		landlordOrganisationId = o.id;
	}
	const { building: _b, landlord: _l, ...rest } = input;
	return {
		...rest,
		staircase: input.staircase || null,
		buildingId,
		landlordOrganisationId,
		updatedAt: new Date().toISOString()
	};
}

/** One pseudonymous code per household and operation (also a unique index). */
function refuseDuplicateCode(tx: Tx, operationId: number, code: string, caseId: number | null) {
	const dup = tx
		.select({ id: relocationCases.id })
		.from(relocationCases)
		.where(and(eq(relocationCases.operationId, operationId), eq(relocationCases.code, code)))
		.get();
	if (dup && dup.id !== caseId)
		throw new FieldError({ code: 'Ce code est déjà utilisé pour cette opération.' });
}

/** An operation and its tranches: the cases of a relocation page. */
export function operationFamily(db: Db, slug: string) {
	const op = getOperationBySlug(db, slug);
	if (!op) return null;
	const tranches = db
		.select({ id: operations.id })
		.from(operations)
		.where(eq(operations.parentId, op.id))
		.all();
	return { op, family: [op.id, ...tranches.map((o) => o.id)] };
}

/** The building codes of an operation family, for the form's list. */
export function buildingCodes(db: Db, family: number[]) {
	return db
		.select({ code: buildings.code })
		.from(buildings)
		.where(inArray(buildings.operationId, family))
		.all()
		.map((b) => b.code);
}

/** Who may be chosen as the landlord that rehouses a household. */
export function landlordChoices(db: Db) {
	const rows = db
		.select({ slug: organisations.slug, name: organisations.shortName })
		.from(organisations)
		.where(inArray(organisations.type, [...RELOCATION_LANDLORD_TYPES]))
		.all();
	return sortFrench(rows, (o) => o.name);
}

export function createCase(
	db: Db,
	operationId: number,
	family: number[],
	input: z.output<typeof caseSchema>,
	actor: ActorRef
) {
	return db.transaction((tx) => {
		refuseDuplicateCode(tx, operationId, input.code, null);
		return insertAudited(
			tx,
			relocationCases,
			'relocation_case',
			{ operationId, ...values(tx, family, input) },
			actor
		);
	});
}

export function updateCase(
	db: Db,
	caseId: number,
	expectedVersion: number,
	family: number[],
	input: z.output<typeof caseSchema>,
	actor: ActorRef
) {
	return db.transaction((tx) => {
		const current = tx
			.select({ operationId: relocationCases.operationId })
			.from(relocationCases)
			.where(eq(relocationCases.id, caseId))
			.get();
		// A case of another operation is not found here, whatever its id.
		if (!current || !family.includes(current.operationId))
			throw new NotFoundError('relocation_case');
		refuseDuplicateCode(tx, current.operationId, input.code, caseId);
		return updateVersioned(
			tx,
			relocationCases,
			'relocation_case',
			caseId,
			expectedVersion,
			values(tx, family, input),
			actor
		);
	});
}

/** The team's case list; reading it is recorded in the read log (not the audit log: no change). */
export function listCases(db: Db, operationIds: number[], actor: ActorRef) {
	const rows = db
		.select({
			c: relocationCases,
			buildingCode: buildings.code,
			landlordSlug: organisations.slug,
			landlordName: organisations.shortName
		})
		.from(relocationCases)
		.leftJoin(buildings, eq(buildings.id, relocationCases.buildingId))
		.leftJoin(organisations, eq(organisations.id, relocationCases.landlordOrganisationId))
		.where(sql`${relocationCases.operationId} in ${operationIds.length ? operationIds : [0]}`)
		.orderBy(relocationCases.code)
		.all();
	recordRead(db, {
		userId: actor.id,
		actor: actor.name,
		entityType: 'relocation_case_list',
		entityId: operationIds[0] ?? 0,
		detail: { cases: rows.length }
	});
	return rows.map((r) => ({
		...r.c,
		buildingCode: r.buildingCode,
		landlordSlug: r.landlordSlug,
		landlordName: r.landlordName
	}));
}

type CaseRow = {
	operationId: number;
	diagnosisOn: string | null;
	movedOn: string | null;
	returnedOn: string | null;
	proposalsMade: number;
};

function caseRows(db: Db, operationIds?: number[]): CaseRow[] {
	const q = db
		.select({
			operationId: relocationCases.operationId,
			diagnosisOn: relocationCases.diagnosisOn,
			movedOn: relocationCases.movedOn,
			returnedOn: relocationCases.returnedOn,
			proposalsMade: relocationCases.proposalsMade
		})
		.from(relocationCases);
	return operationIds
		? q.where(inArray(relocationCases.operationId, operationIds.length ? operationIds : [0])).all()
		: q.all();
}

/** The relocation team's own board: exact figures over the cases of these operations. */
export function relocationTeamStats(
	db: Db,
	operationIds: number[],
	options: { thresholdDays?: number; today?: string } = {}
): PublishedRelocationStats {
	const { thresholdDays = relocationThreshold(), today = todayIso() } = options;
	return publishRelocationStats(relocationStats(caseRows(db, operationIds), today, thresholdDays), {
		mask: false
	});
}

/**
 * Aggregates for everyone outside the relocation team, for the whole territory ('all') or one
 * operation with its tranches: no case, no code, masked by the statistical secrecy rule.
 * - Totals, mean time to move and mean proposals are published per page, suppressed across the
 *   pages that publish them (territory → operation → tranche, `maskHierarchy`): one page's figure
 *   minus another's never gives away fewer than 5 households.
 * - The breakdown by situation and the households waiting beyond the threshold are published for the
 *   territory only, where no other page's breakdown can be subtracted from them; within it, the
 *   statuses are masked together (`maskPartition`), and the waiting count also against the
 *   households not yet rehoused it is part of.
 * - A longest duration is one household's own: never published.
 */
export function relocationAggregates(
	db: Db,
	scope: 'all' | number,
	options: { thresholdDays?: number; today?: string } = {}
): PublishedRelocationStats {
	const { thresholdDays = relocationThreshold(), today = todayIso() } = options;
	const ops = db
		.select({ id: operations.id, parentId: operations.parentId })
		.from(operations)
		.all();
	const cases = caseRows(db);
	const byOp = new Map<number, CaseRow[]>();
	for (const c of cases) byOp.set(c.operationId, [...(byOp.get(c.operationId) ?? []), c]);
	const parentOf = new Map(ops.map((o) => [o.id, o.parentId]));
	const inScope = (opId: number): boolean => {
		if (scope === 'all') return true;
		for (let id: number | null | undefined = opId; id != null; id = parentOf.get(id))
			if (id === scope) return true;
		return false;
	};
	const stats = relocationStats(
		cases.filter((c) => inScope(c.operationId)),
		today,
		thresholdDays
	);
	const published = publishRelocationStats(stats, { mask: true });
	const direct = new Map(
		ops.map((o) => [o.id, relocationStats(byOp.get(o.id) ?? [], today, thresholdDays)])
	);
	const nodeId = scope === 'all' ? 'all' : String(scope);
	const maskedFor = (count: (s: RelocationStats) => number) =>
		maskHierarchy([
			{ id: 'all', parent: null, own: 0 },
			...ops.map((o) => ({
				id: String(o.id),
				parent: o.parentId === null ? 'all' : String(o.parentId),
				own: count(direct.get(o.id)!)
			}))
		]).has(nodeId);
	const hideIf = <T>(hidden: boolean, v: Shown<T>): Shown<T> => (hidden ? MASKED : v);
	const totalHidden = maskedFor((s) => s.total);
	const movedHidden = totalHidden || maskedFor((s) => s.moved);
	const territory = scope === 'all';
	const byStatus = { ...published.byStatus };
	for (const k of Object.keys(byStatus) as (keyof typeof byStatus)[])
		byStatus[k] = hideIf(totalHidden || !territory, byStatus[k]);
	// The waiting households are among those not yet rehoused: both the waiting count and the rest
	// of that group must be 0 or at least 5, and the group itself shown, or the count is withheld.
	const notYet = stats.byStatus.a_reloger + stats.byStatus.suivi;
	const waitingShown =
		territory &&
		!totalHidden &&
		!isMasked(byStatus.a_reloger) &&
		!isMasked(byStatus.suivi) &&
		!isMasked(published.waitingOverThreshold) &&
		[notYet - stats.waitingOverThreshold].every((n) => n === 0 || n >= SMALL_COUNT);
	return {
		...published,
		total: hideIf(totalHidden, published.total),
		byStatus,
		meanDaysToMove: hideIf(movedHidden, published.meanDaysToMove),
		longestDaysToMove: MASKED,
		waitingOverThreshold: waitingShown ? published.waitingOverThreshold : MASKED,
		meanProposals: hideIf(totalHidden, published.meanProposals),
		breakdown: territory
	};
}

export const relocationThreshold = () => Number(process.env.RELOCATION_ALERT_DAYS ?? 240);
export const retentionYears = () => Number(process.env.RELOCATION_RETENTION_YEARS ?? 5);

/** Deletes closed cases older than the retention period; the purge itself is audited (counts only). */
export function purgeClosedCases(
	db: Db,
	actor: ActorRef,
	years = retentionYears(),
	today = todayIso()
): number {
	const limit = new Date(`${today}T00:00:00Z`);
	limit.setUTCFullYear(limit.getUTCFullYear() - years);
	const cutoff = limit.toISOString().slice(0, 10);
	return db.transaction((tx) => {
		const doomed = tx
			.select({ id: relocationCases.id })
			.from(relocationCases)
			.where(and(isNotNull(relocationCases.closedOn), lt(relocationCases.closedOn, cutoff)))
			.all();
		if (doomed.length)
			tx.delete(relocationCases)
				.where(sql`${relocationCases.id} in ${doomed.map((d) => d.id)}`)
				.run();
		recordAudit(tx, {
			userId: actor.id,
			actor: actor.name,
			entityType: 'relocation_case',
			entityId: 0,
			operation: 'purge',
			after: { purged: doomed.length, closedBefore: cutoff, retentionYears: years }
		});
		return doomed.length;
	});
}

/**
 * Where the relocation team's menu entry leads: the top-level operation whose family has the most
 * cases (the first top-level operation while there are none).
 */
export function relocationEntry(db: Db): string | null {
	return (
		db.get<{ slug: string }>(sql`
		select o.slug from operations o where o.parent_id is null
		order by (select count(*) from relocation_cases c
			where c.operation_id = o.id or c.operation_id in (select id from operations where parent_id = o.id)) desc, o.id
		limit 1`)?.slug ?? null
	);
}
