import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../db';
import * as t from '../db/schema';
import { insertAudited, updateVersioned, type ActorRef, type Tx } from '../editing/versioned';
import { exportList, type ListName } from '../exports/lists';
import type { RawRow } from './read';
import { ACTION_STATUS, MILESTONE_STATUS, FUNDING_STATUS } from '../../domain/labels';
import { isCode } from '../../domain/codes';
import { PRECISIONS, periodStart } from '../../domain/dates';
import { LIMITS } from '../../domain/limits';
import { isoDate, money, percent } from '../../schemas/fields';
import { EDITABLE_FUNDING_KINDS } from '../../schemas/editing';
import { fundingEditProblems } from '../../domain/funding-state';

export type ImportList = Exclude<ListName, 'indicateurs'>;
export const IMPORT_LISTS: ImportList[] = ['actions', 'jalons', 'financements'];
/** The export's columns, less the provenance ones the import does not read. */
export const importColumns = (db: Db, list: ImportList) =>
	exportList(db, list, '__aucun__').columns.filter((c) => !c.exportOnly);

/** Headers an exported file carries that the import knows and leaves aside. */
export const exportOnlyHeaders = (db: Db, list: ImportList) =>
	exportList(db, list, '__aucun__').columns.filter((c) => c.exportOnly);

export interface RowResult {
	line: number;
	key: string;
	action: 'create' | 'update' | 'unchanged' | 'error';
	errors: string[];
	changes: string[];
	/** the record changed since the file was exported: refused unless the user overwrites it */
	/** `exported` is null when the row carries no version (a hand-made sheet): it proves nothing. */
	stale?: { exported: number | null; current: number };
}

const MARKUP = /<\s*\/?\s*[a-z!][^>]*>/i;
/** The same date rule as every form: a real day between 1990 and 2100. */
const isDate = (v: string) => isoDate.safeParse(v).success;
const isPrecision = (v: string) => (PRECISIONS as string[]).includes(v);

/**
 * The records an import looks up, row after row: each query built and prepared once per import.
 * Built with drizzle's query builder for every row, they cost 70 % of a 10 000-row preview's time
 * (1.8 s) and most of its garbage, which made the writer's heap grow by some 50 MB.
 */
function lookups(db: Db) {
	const fundingOf = (
		parent: typeof t.fundingLines.actionId | typeof t.fundingLines.operationId,
		funded: boolean
	) =>
		db
			.select()
			.from(t.fundingLines)
			.where(
				and(
					eq(parent, sql.placeholder('parent')),
					eq(t.fundingLines.label, sql.placeholder('label')),
					funded
						? eq(t.fundingLines.organisationId, sql.placeholder('funder'))
						: sql`${t.fundingLines.organisationId} is null`
				)
			)
			.prepare();
	const milestoneOf = (parent: typeof t.milestones.actionId | typeof t.milestones.operationId) =>
		db
			.select()
			.from(t.milestones)
			.where(
				and(eq(parent, sql.placeholder('parent')), eq(t.milestones.title, sql.placeholder('title')))
			)
			.prepare();
	return {
		axis: db
			.select()
			.from(t.axes)
			.where(
				and(
					eq(t.axes.programmeId, sql.placeholder('programme')),
					eq(t.axes.code, sql.placeholder('code'))
				)
			)
			.prepare(),
		action: db
			.select()
			.from(t.actionItems)
			.where(
				and(
					eq(t.actionItems.programmeId, sql.placeholder('programme')),
					eq(t.actionItems.code, sql.placeholder('code'))
				)
			)
			.prepare(),
		operation: db
			.select()
			.from(t.operations)
			.where(
				and(
					eq(t.operations.programmeId, sql.placeholder('programme')),
					eq(t.operations.slug, sql.placeholder('code'))
				)
			)
			.prepare(),
		milestoneOfAction: milestoneOf(t.milestones.actionId),
		milestoneOfOperation: milestoneOf(t.milestones.operationId),
		funding: {
			action: {
				funded: fundingOf(t.fundingLines.actionId, true),
				unfunded: fundingOf(t.fundingLines.actionId, false)
			},
			operation: {
				funded: fundingOf(t.fundingLines.operationId, true),
				unfunded: fundingOf(t.fundingLines.operationId, false)
			}
		}
	};
}
const lengths: Record<string, number> = { titre: 300, libelle: 200, motif_report: 500, code: 40 };

interface Plan {
	result: RowResult;
	write?: (tx: Tx) => void;
}

/**
 * Checks every row (nothing is written), then — when asked and only if no row has an error — writes
 * them all in one transaction, each audited. Unchanged rows are left alone, so re-importing an export
 * changes nothing. Keys: programme + code for actions; programme + attachment + title for milestones;
 * programme + attachment + funder + label for funding lines.
 */
export function importRows(
	db: Db,
	list: ImportList,
	rows: RawRow[],
	editable: (programmeId: number) => boolean,
	actor: ActorRef,
	commit: boolean,
	/** lines whose newer changes the user chose to overwrite, or all of them */
	overwrite: ReadonlySet<number> | 'all' = new Set()
) {
	const overwrites = (line: number) => overwrite === 'all' || overwrite.has(line);
	const programmes = new Map(
		db
			.select()
			.from(t.programmes)
			.all()
			.map((p) => [p.slug, p])
	);
	const orgs = new Map(
		db
			.select()
			.from(t.organisations)
			.all()
			.map((o) => [o.slug, o])
	);
	const find = lookups(db);
	const seen = new Set<string>();
	const plans: Plan[] = rows.map((row, i) => {
		const result: RowResult = {
			line: i + 2,
			key: '',
			action: 'unchanged',
			errors: [],
			changes: []
		};
		const err = (m: string) => result.errors.push(m);
		for (const [k, v] of Object.entries(row)) {
			if (MARKUP.test(v)) err(`${k} : les balises HTML ne sont pas acceptées.`);
			const max = lengths[k] ?? LIMITS.maxText;
			if (v.length > max) err(`${k} : ${max} caractères au plus.`);
		}
		const programme = programmes.get(row.programme);
		if (!programme) {
			err(`Programme inconnu : « ${row.programme} ».`);
			return { result: { ...result, action: 'error' } };
		}
		if (!editable(programme.id)) err('Vous ne pouvez pas modifier ce programme.');
		const plan =
			list === 'actions'
				? planAction(db, programme.id, row, err, orgs)
				: list === 'jalons'
					? planMilestone(db, programme.id, row, err)
					: planFunding(db, programme.id, row, err, orgs);
		result.key = `${row.programme} · ${plan.key}`;
		if (seen.has(result.key)) err('Ligne en double dans le fichier.');
		seen.add(result.key);
		if ('stale' in plan && plan.stale) {
			result.stale = plan.stale;
			if (!overwrites(result.line))
				err(
					plan.stale.exported === null
						? `Ligne sans version (colonne « version » vide) : elle remplacerait la version ${plan.stale.current} sans savoir ce qu’elle contient ; cochez « écraser les modifications plus récentes » pour remplacer.`
						: `Modifié depuis l’export (version ${plan.stale.exported} exportée, ${plan.stale.current} aujourd’hui) : cochez « écraser les modifications plus récentes » pour remplacer.`
				);
		}
		if (result.errors.length) return { result: { ...result, action: 'error' } };
		return { result: { ...result, action: plan.action, changes: plan.changes }, write: plan.write };
	});
	const results = plans.map((p) => p.result);
	const ok = results.every((r) => r.action !== 'error');
	if (commit && ok) {
		db.transaction((tx) => {
			for (const p of plans) p.write?.(tx);
		});
	}
	return {
		results,
		ok,
		written: commit && ok,
		counts: {
			create: count(results, 'create'),
			update: count(results, 'update'),
			unchanged: count(results, 'unchanged'),
			error: count(results, 'error')
		}
	};

	function planAction(
		db: Db,
		programmeId: number,
		row: RawRow,
		err: (m: string) => void,
		orgs: Map<string, typeof t.organisations.$inferSelect>
	) {
		const key = `action ${row.code}`;
		if (!row.code) err('Code manquant.');
		if (!row.titre) err('Titre manquant.');
		if (row.titre.length > 300) err('Titre : 300 caractères au plus.');
		if (!isCode(ACTION_STATUS, row.etat)) err(`État inconnu : « ${row.etat} ».`);
		const parsedProgress = percent.safeParse(row.avancement ?? '');
		if (!parsedProgress.success) err('Avancement : entier de 0 à 100, ou vide.');
		const progress = parsedProgress.success ? parsedProgress.data : null;
		const lead = row.pilote ? orgs.get(row.pilote) : undefined;
		if (row.pilote && !lead) err(`Pilote inconnu : « ${row.pilote} ».`);
		const axis = row.axe ? find.axis.get({ programme: programmeId, code: row.axe }) : undefined;
		if (row.axe && !axis) err(`Axe inconnu : « ${row.axe} ».`);
		const current = find.action.get({ programme: programmeId, code: row.code });
		const values = {
			title: row.titre,
			status: row.etat,
			progress,
			leadOrganisationId: lead?.id ?? null,
			description: row.description || null,
			axisId: axis?.id ?? null
		};
		return decide(
			key,
			row.version,
			current,
			values,
			(tx) =>
				insertAudited(
					tx,
					t.actionItems,
					'action',
					{
						...values,
						programmeId,
						code: row.code,
						number: /^\d+$/.test(row.code) ? Number(row.code) : null,
						updatedAt: new Date().toISOString()
					},
					actor
				),
			(tx, c) => updateVersioned(tx, t.actionItems, 'action', c.id, c.version, values, actor)
		);
	}

	function parent(
		db: Db,
		programmeId: number,
		ref: string,
		err: (m: string) => void
	): { actionId: number } | { operationId: number } | null {
		const parts = ref.split(':');
		const [kind, code] = parts.length === 2 ? parts : ['', ''];
		if (kind === 'action') {
			const a = find.action.get({ programme: programmeId, code: code ?? '' });
			if (a) return { actionId: a.id };
		} else if (kind === 'operation') {
			const o = find.operation.get({ programme: programmeId, code: code ?? '' });
			if (o) return { operationId: o.id };
		}
		err(`Rattachement inconnu : « ${ref} » (action:CODE ou operation:IDENTIFIANT du programme).`);
		return null;
	}

	function planMilestone(db: Db, programmeId: number, row: RawRow, err: (m: string) => void) {
		const key = `${row.rattachement} · ${row.titre}`;
		const p = parent(db, programmeId, row.rattachement, err);
		if (!row.titre) err('Jalon : intitulé manquant.');
		// A milestone the documents date only by what happened has no planned date: both cells empty.
		const unplanned = !row.date_prevue && !row.precision;
		if (!unplanned && !isPrecision(row.precision))
			err(`Précision inconnue : « ${row.precision} ».`);
		if (!unplanned && !isDate(row.date_prevue))
			err(`Date prévue invalide : « ${row.date_prevue} » (AAAA-MM-JJ, entre 1990 et 2100).`);
		if (!isCode(MILESTONE_STATUS, row.etat)) err(`État inconnu : « ${row.etat} ».`);
		if (row.date_realisation && !isDate(row.date_realisation))
			err(`Date de réalisation invalide : « ${row.date_realisation} ».`);
		if (row.etat === 'done' && !row.date_realisation)
			err('Un jalon réalisé doit avoir sa date de réalisation.');
		if (!p || (!unplanned && (!isDate(row.date_prevue) || !isPrecision(row.precision))))
			return { key, action: 'unchanged' as const, changes: [] };
		const planned = unplanned ? null : periodStart(row.date_prevue, row.precision);
		const precision = unplanned ? null : row.precision;
		const current =
			'actionId' in p
				? find.milestoneOfAction.get({ parent: p.actionId, title: row.titre })
				: find.milestoneOfOperation.get({ parent: p.operationId, title: row.titre });
		const values = {
			plannedDate: planned,
			plannedPrecision: precision,
			status: row.etat,
			actualDate: row.date_realisation || null,
			// The sheet carries no precision for it: an unchanged date keeps the recorded one (even none,
			// rather than a precision nobody gave), a new date is a day.
			actualPrecision: !row.date_realisation
				? null
				: current && current.actualDate === row.date_realisation
					? current.actualPrecision
					: 'day',
			// An empty motif keeps the recorded one: a sheet does not erase a reason by omission.
			slipReason: row.motif_report || current?.slipReason || null
		};
		if (
			current &&
			(current.plannedDate !== planned || current.plannedPrecision !== precision) &&
			!row.motif_report
		)
			err('La date prévue change : indiquez le motif du report.');
		return decide(
			key,
			row.version,
			current,
			values,
			(tx) =>
				insertAudited(
					tx,
					t.milestones,
					'milestone',
					{
						...p,
						...values,
						title: row.titre,
						baselineDate: planned,
						baselinePrecision: precision,
						updatedAt: new Date().toISOString()
					},
					actor
				),
			(tx, c) => updateVersioned(tx, t.milestones, 'milestone', c.id, c.version, values, actor)
		);
	}

	function planFunding(
		db: Db,
		programmeId: number,
		row: RawRow,
		err: (m: string) => void,
		orgs: Map<string, typeof t.organisations.$inferSelect>
	) {
		const key = `${row.rattachement} · ${row.financeur || 'sans financeur'} · ${row.libelle}`;
		const p = parent(db, programmeId, row.rattachement, err);
		const funder = row.financeur ? orgs.get(row.financeur) : undefined;
		if (row.financeur && !funder) err(`Financeur inconnu : « ${row.financeur} ».`);
		if (!row.libelle) err('Libellé manquant.');
		if (!(EDITABLE_FUNDING_KINDS as readonly string[]).includes(row.nature))
			err(`Nature inconnue : « ${row.nature} » (subsidy, loan, own_funds, other).`);
		const amount = money().safeParse(row.montant ?? '');
		if (!amount.success)
			err(`Montant (€) : ${amount.error.issues[0].message} (« ${row.montant.slice(0, 40)} »)`);
		if (!['HT', 'TTC'].includes(row.ht_ttc)) err('HT/TTC : HT ou TTC.');
		if (!isCode(FUNDING_STATUS, row.etat)) err(`État inconnu : « ${row.etat} ».`);
		if (row.engage_le && !isDate(row.engage_le))
			err(`Date d'engagement invalide : « ${row.engage_le} ».`);
		if (!p) return { key, action: 'unchanged' as const, changes: [] };
		const byParent = 'actionId' in p ? find.funding.action : find.funding.operation;
		const parentId = 'actionId' in p ? p.actionId : p.operationId;
		const current = funder
			? byParent.funded.get({ parent: parentId, label: row.libelle, funder: funder.id })
			: byParent.unfunded.get({ parent: parentId, label: row.libelle });
		const amountCents = amount.success ? amount.data : 0;
		for (const problem of Object.values(
			fundingEditProblems(current ?? null, {
				status: row.etat,
				amountCents,
				paidCents: current?.paidCents ?? 0,
				organisationId: funder?.id ?? null
			})
		))
			err(problem);
		const values = {
			kind: row.nature,
			amountCents,
			tax: row.ht_ttc,
			status: row.etat,
			committedOn: row.engage_le || null
		};
		return decide(
			key,
			row.version,
			current,
			values,
			(tx) =>
				insertAudited(
					tx,
					t.fundingLines,
					'funding_line',
					{
						...p,
						...values,
						organisationId: funder?.id ?? null,
						label: row.libelle,
						updatedAt: new Date().toISOString()
					},
					actor
				),
			(tx, c) => updateVersioned(tx, t.fundingLines, 'funding_line', c.id, c.version, values, actor)
		);
	}
}

/**
 * Create, update or leave alone. A row exported at an older version than the record's is "stale":
 * it would overwrite someone's newer edit, so the caller refuses it unless the user said to overwrite.
 */
function decide<C extends { id: number; version: number }>(
	key: string,
	exportedVersion: string | undefined,
	current: C | undefined,
	values: Record<string, unknown>,
	create: (tx: Tx) => unknown,
	update: (tx: Tx, c: C) => unknown
) {
	if (!current)
		return { key, action: 'create' as const, changes: [], write: (tx: Tx) => void create(tx) };
	const changes = Object.entries(values)
		.filter(([k, v]) => (current as Record<string, unknown>)[k] !== v)
		.map(([k]) => k);
	if (!changes.length) return { key, action: 'unchanged' as const, changes };
	// A row without a version (typed by hand, or an old export) cannot prove it saw the current
	// record, so it counts as stale too: the user must say to overwrite.
	const exported = /^\d{1,10}$/.test(exportedVersion ?? '') ? Number(exportedVersion) : null;
	const stale = exported !== current.version ? { exported, current: current.version } : undefined;
	return {
		key,
		action: 'update' as const,
		changes,
		stale,
		// The version read now: a concurrent edit between preview and commit is still refused.
		write: (tx: Tx) => void update(tx, current)
	};
}

const count = (rs: RowResult[], a: RowResult['action']) => rs.filter((r) => r.action === a).length;
