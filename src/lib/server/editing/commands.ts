import { eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db } from '../db';
import * as t from '../db/schema';
import type * as s from '../../schemas/editing';
import {
	updateVersioned,
	insertAudited,
	deleteVersioned,
	type ActorRef,
	type Tx
} from './versioned';
import { FieldError, NotFoundError } from './errors';
import { recordAudit } from '../audit/writer';
import { bbox } from '../seed';
import { settings } from '../config';
import { FRANCE_BBOX } from '../../domain/limits';
import { fundingEditProblems } from '../../domain/funding-state';
import { periodStart } from '../../domain/dates';

type In<S extends z.ZodTypeAny> = z.output<S>;

function orgId(
	db: Db | Parameters<Parameters<Db['transaction']>[0]>[0],
	slug: string | null,
	field: string
): number | null {
	if (!slug) return null;
	const org = db
		.select({ id: t.organisations.id })
		.from(t.organisations)
		.where(eq(t.organisations.slug, slug))
		.get();
	if (!org) throw new FieldError({ [field]: 'Organisation inconnue.' });
	return org.id;
}

export function updateAction(
	db: Db,
	actionId: number,
	input: In<typeof s.actionUpdateSchema>,
	actor: ActorRef
) {
	return db.transaction((tx) =>
		updateVersioned(
			tx,
			t.actionItems,
			'action',
			actionId,
			input.version,
			{
				status: input.status,
				progress: input.progress,
				description: input.description,
				leadOrganisationId: orgId(tx, input.lead, 'lead'),
				startDate: input.startDate,
				startPrecision: input.startDate ? input.startPrecision : null,
				endDate: input.endDate,
				endPrecision: input.endDate ? input.endPrecision : null,
				...confirmedBy(actor)
			},
			actor
		)
	);
}

export function updateOperation(
	db: Db,
	operationId: number,
	input: In<typeof s.operationUpdateSchema>,
	actor: ActorRef
) {
	return db.transaction((tx) =>
		updateVersioned(
			tx,
			t.operations,
			'operation',
			operationId,
			input.version,
			{ status: input.status, progress: input.progress, ...confirmedBy(actor) },
			actor
		)
	);
}

export type Parent = { actionId: number } | { operationId: number };

/** A person's edit or confirmation: when, and who (the seed's import never sets these). */
function confirmedBy(actor: ActorRef) {
	return { confirmedAt: new Date().toISOString(), confirmedBy: actor.id };
}

function milestoneOrThrow(tx: Tx, id: number) {
	const current = tx.select().from(t.milestones).where(eq(t.milestones.id, id)).get();
	if (!current) throw new NotFoundError('milestone');
	return current;
}

/**
 * One click on a milestone: still planned (its state is confirmed as it is), done on a date, or
 * moved to a new period with a reason (the baseline is kept). Versioned and audited like any edit.
 */
export function confirmMilestone(
	db: Db,
	input: In<typeof s.milestoneConfirmSchema>,
	actor: ActorRef
) {
	return db.transaction((tx) => {
		const current = milestoneOrThrow(tx, input.id);
		if (current.status === 'done' || current.status === 'cancelled')
			throw new FieldError({ outcome: 'Ce jalon est déjà clos : modifiez-le plutôt.' });
		const change =
			input.outcome === 'done'
				? { status: 'done', actualDate: input.doneOn, actualPrecision: 'day' }
				: input.outcome === 'moved'
					? {
							plannedDate: periodStart(input.movedTo!, input.movedPrecision!),
							plannedPrecision: input.movedPrecision,
							slipReason: input.slipReason
						}
					: {};
		return updateVersioned(
			tx,
			t.milestones,
			'milestone',
			input.id,
			input.version,
			{ ...change, ...confirmedBy(actor) },
			actor
		);
	});
}

/** A person confirms an action's or operation's recorded state as it stands. */
export function confirmRecord(
	db: Db,
	kind: 'action' | 'operation',
	id: number,
	version: number,
	actor: ActorRef
) {
	return db.transaction((tx) =>
		kind === 'action'
			? updateVersioned(tx, t.actionItems, 'action', id, version, confirmedBy(actor), actor)
			: updateVersioned(tx, t.operations, 'operation', id, version, confirmedBy(actor), actor)
	);
}

export function createMilestone(
	db: Db,
	parent: Parent,
	input: In<typeof s.milestoneCreateSchema>,
	actor: ActorRef
) {
	return db.transaction((tx) =>
		insertAudited(
			tx,
			t.milestones,
			'milestone',
			{
				...parent,
				title: input.title,
				plannedDate: input.plannedDate,
				plannedPrecision: input.plannedPrecision,
				baselineDate: input.plannedDate,
				baselinePrecision: input.plannedPrecision,
				status: input.status,
				updatedAt: new Date().toISOString()
			},
			actor
		)
	);
}

/** Moving the planned date keeps the baseline and needs a reason. */
export function updateMilestone(
	db: Db,
	input: In<typeof s.milestoneUpdateSchema>,
	actor: ActorRef
) {
	return db.transaction((tx) => {
		const current = milestoneOrThrow(tx, input.id);
		const moved =
			current.plannedDate !== input.plannedDate ||
			current.plannedPrecision !== input.plannedPrecision;
		if (moved && current.version === input.version && !input.slipReason)
			throw new FieldError({ slipReason: 'Indiquez le motif du changement de date prévue.' });
		return updateVersioned(
			tx,
			t.milestones,
			'milestone',
			input.id,
			input.version,
			{
				title: input.title,
				plannedDate: input.plannedDate,
				plannedPrecision: input.plannedPrecision,
				status: input.status,
				actualDate: input.actualDate,
				actualPrecision: input.actualDate ? 'day' : null,
				slipReason: moved ? input.slipReason : current.slipReason,
				...confirmedBy(actor)
			},
			actor
		);
	});
}

export function deleteMilestone(db: Db, id: number, version: number, actor: ActorRef) {
	return db.transaction((tx) => {
		tx.update(t.workItems).set({ milestoneId: null }).where(eq(t.workItems.milestoneId, id)).run();
		return deleteVersioned(tx, t.milestones, 'milestone', id, version, actor);
	});
}

function fundingValues(
	tx: Parameters<Parameters<Db['transaction']>[0]>[0],
	input: In<typeof s.fundingSchema>
) {
	return {
		organisationId: orgId(tx, input.organisation, 'organisation'),
		label: input.label,
		kind: input.kind,
		amountCents: input.amount,
		tax: input.tax,
		status: input.status,
		plannedOn: input.plannedOn,
		requestedOn: input.requestedOn,
		committedOn: input.committedOn,
		paidOn: input.paidOn
	};
}

/** Refuses what an edit may not do to a funding line (see `fundingEditProblems`). */
function checkFundingEdit(
	current: Parameters<typeof fundingEditProblems>[0],
	values: ReturnType<typeof fundingValues>
) {
	const problems = fundingEditProblems(current, {
		status: values.status,
		amountCents: values.amountCents,
		paidCents: current?.paidCents ?? 0,
		organisationId: values.organisationId
	});
	if (Object.keys(problems).length > 0) throw new FieldError(problems);
}

export function createFunding(
	db: Db,
	parent: Parent,
	input: In<typeof s.fundingSchema>,
	actor: ActorRef
) {
	return db.transaction((tx) => {
		const values = fundingValues(tx, input);
		checkFundingEdit(null, values);
		return insertAudited(
			tx,
			t.fundingLines,
			'funding_line',
			{ ...parent, ...values, updatedAt: new Date().toISOString() },
			actor
		);
	});
}

export function updateFunding(db: Db, input: In<typeof s.fundingUpdateSchema>, actor: ActorRef) {
	return db.transaction((tx) => {
		const current = tx.select().from(t.fundingLines).where(eq(t.fundingLines.id, input.id)).get();
		if (!current) throw new NotFoundError('funding_line');
		const values = fundingValues(tx, input);
		checkFundingEdit(current, values);
		return updateVersioned(
			tx,
			t.fundingLines,
			'funding_line',
			input.id,
			input.version,
			values,
			actor
		);
	});
}

export function addMeasurement(db: Db, input: In<typeof s.measurementSchema>, actor: ActorRef) {
	return db.transaction((tx) =>
		insertAudited(
			tx,
			t.indicatorValues,
			'indicator_value',
			{
				indicatorId: input.indicatorId,
				value: input.value,
				measuredOn: input.measuredOn,
				measuredPrecision: 'day'
			},
			actor
		)
	);
}

export function addNote(
	db: Db,
	entityType: string,
	entityId: number,
	input: In<typeof s.noteSchema>,
	actor: ActorRef
) {
	return db.transaction((tx) =>
		insertAudited(
			tx,
			t.notes,
			'note',
			{
				entityType,
				entityId,
				text: input.text,
				authorId: actor.id,
				createdAt: new Date().toISOString()
			},
			actor
		)
	);
}

export function addDecision(
	db: Db,
	programmeId: number,
	actionIds: number[],
	input: In<typeof s.decisionSchema>,
	actor: ActorRef
) {
	return db.transaction((tx) => {
		const row = insertAudited(
			tx,
			t.decisions,
			'decision',
			{
				programmeId,
				decidedOn: input.decidedOn,
				body: input.body,
				text: input.text,
				createdBy: actor.id,
				updatedAt: new Date().toISOString()
			},
			actor
		);
		for (const actionId of actionIds)
			tx.insert(t.decisionActions).values({ decisionId: row.id, actionId }).run();
		return row;
	});
}

/** Moves a point place; a place set by hand is no longer "inferred". */
export function movePlace(db: Db, input: In<typeof s.placeSchema>, actor: ActorRef) {
	return db.transaction((tx) => {
		const current = tx.select().from(t.places).where(eq(t.places.id, input.placeId)).get();
		if (!current) throw new NotFoundError('place');
		if (current.geometry.type !== 'Point')
			throw new FieldError({ lon: 'Seuls les lieux ponctuels se déplacent ici.' });
		const inFrance =
			input.lon >= FRANCE_BBOX.minLon &&
			input.lon <= FRANCE_BBOX.maxLon &&
			input.lat >= FRANCE_BBOX.minLat &&
			input.lat <= FRANCE_BBOX.maxLat;
		if (!inFrance && !settings().placesAnywhere)
			throw new FieldError({
				lon: 'Ce point est hors de la France métropolitaine : vérifiez la longitude et la latitude.'
			});
		const geometry = {
			type: 'Point' as const,
			coordinates: [input.lon, input.lat] as [number, number]
		};
		return updateVersioned(
			tx,
			t.places,
			'place',
			input.placeId,
			input.version,
			{ geometry, ...bbox(geometry), inferred: false, confidence: 'saisie' },
			actor
		);
	});
}

export { recordAudit };
