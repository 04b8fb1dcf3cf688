import { error, type RequestEvent } from '@sveltejs/kit';
import { eq } from 'drizzle-orm';
import type { z } from 'zod';
import { db } from '../db/client';
import * as t from '../db/schema';
import { authorize } from '../auth/guard';
import { placeSubjects, subjectOf, type Attachment } from '../auth/records';
import type { Subject, SubjectKind } from '../auth/permissions';
import * as schemas from '../../schemas/editing';
import * as commands from './commands';
import { runForm } from '../forms/run';
import type { FormBody } from '../forms/contract';
import type { ActorRef } from './versioned';

/** The record a page edits: an action or an operation, with what authorisation needs to know. */
export interface EditContext {
	kind: 'action' | 'operation';
	id: number;
	programmeId: number | null;
	leadOrganisationId: number | null;
	/** operation ids whose milestones this page may touch (the operation and its tranches) */
	family: number[];
}

type Resolver = (event: RequestEvent) => EditContext;

const actorOf = (event: RequestEvent): ActorRef => ({
	id: event.locals.user?.id ?? null,
	name: event.locals.user?.name ?? 'anonyme'
});

function pageSubject(ctx: EditContext, kind: SubjectKind): Subject {
	return {
		kind,
		programmeId: ctx.programmeId,
		leadOrganisationId: ctx.kind === 'operation' ? ctx.leadOrganisationId : null
	};
}

const parentOf = (ctx: EditContext): commands.Parent =>
	ctx.kind === 'action' ? { actionId: ctx.id } : { operationId: ctx.id };

/** Whether a record attached to an action or operation belongs to the page's record. */
function onPage(ctx: EditContext, at: Attachment): boolean {
	return ctx.kind === 'action'
		? at.actionId === ctx.id
		: at.operationId !== null && ctx.family.includes(at.operationId);
}

const NOT_HERE = 'Cet élément n’appartient pas à cette page.';

/**
 * Loads the milestone, funding line or indicator the parsed id names, refuses it unless it belongs to
 * the page, and authorises on the record itself (its programme, its operation's lead).
 */
function ownRecord(
	event: RequestEvent,
	ctx: EditContext,
	table: typeof t.milestones | typeof t.fundingLines | typeof t.indicators,
	kind: SubjectKind,
	id: number
): Attachment {
	const row = db()
		.select({ actionId: table.actionId, operationId: table.operationId })
		.from(table)
		.where(eq(table.id, id))
		.get();
	if (!row || !onPage(ctx, row)) error(404, { message: NOT_HERE });
	authorize(event.locals, 'edit', subjectOf(db(), kind, row));
	return row;
}

/** A point place linked to the page's record (or to a building of its operation). */
function ownPlace(event: RequestEvent, ctx: EditContext, placeId: number) {
	const types = ctx.kind === 'action' ? ['action'] : ['operation', 'building'];
	const linked = db()
		.select({ type: t.placeLinks.subjectType, id: t.placeLinks.subjectId })
		.from(t.placeLinks)
		.where(eq(t.placeLinks.placeId, placeId))
		.all()
		.some(
			(l) =>
				types.includes(l.type) &&
				(l.type === 'building'
					? buildingInFamily(l.id, ctx.family)
					: ctx.kind === 'action'
						? l.id === ctx.id
						: ctx.family.includes(l.id))
		);
	if (!linked) error(404, { message: 'Ce lieu n’est pas rattaché à cette page.' });
	for (const subject of placeSubjects(db(), placeId)) authorize(event.locals, 'edit', subject);
}

function buildingInFamily(buildingId: number, family: number[]): boolean {
	const b = db()
		.select({ operationId: t.buildings.operationId })
		.from(t.buildings)
		.where(eq(t.buildings.id, buildingId))
		.get();
	return Boolean(b && family.includes(b.operationId));
}

const named =
	(prefix: string, field = 'id') =>
	(body: FormBody) =>
		`${prefix}-${typeof body[field] === 'string' ? body[field] : ''}`;

/**
 * A page-level edit: the user must be able to edit this kind of record on this page before the body
 * is even read; `authorize` then binds the check to the record the parsed input names.
 */
function edit<S extends z.ZodType, R>(
	event: RequestEvent,
	ctx: EditContext,
	kind: SubjectKind,
	spec: {
		form: string | ((body: FormBody) => string);
		schema: S;
		authorize?: (d: z.output<S>) => R;
		exec: (d: z.output<S>, actor: ActorRef, record: R | undefined) => unknown;
	}
) {
	authorize(event.locals, 'edit', pageSubject(ctx, kind));
	return runForm(event, {
		form: spec.form,
		schema: spec.schema,
		authorize: (d) => spec.authorize?.(d),
		exec: (d, record) => spec.exec(d, actorOf(event), record)
	});
}

/** SvelteKit form actions for every edit the action and operation pages offer. */
export function editingActions(resolve: Resolver) {
	return {
		updateRecord: async (event: RequestEvent) => {
			const ctx = resolve(event);
			return ctx.kind === 'action'
				? edit(event, ctx, 'action', {
						form: 'record',
						schema: schemas.actionUpdateSchema,
						exec: (d, a) => commands.updateAction(db(), ctx.id, d, a)
					})
				: edit(event, ctx, 'operation', {
						form: 'record',
						schema: schemas.operationUpdateSchema,
						exec: (d, a) => commands.updateOperation(db(), ctx.id, d, a)
					});
		},
		addMilestone: async (event: RequestEvent) => {
			const ctx = resolve(event);
			return edit(event, ctx, 'milestone', {
				form: 'milestone-new',
				schema: schemas.milestoneCreateSchema,
				exec: (d, a) => commands.createMilestone(db(), parentOf(ctx), d, a)
			});
		},
		updateMilestone: async (event: RequestEvent) => {
			const ctx = resolve(event);
			return edit(event, ctx, 'milestone', {
				form: named('milestone'),
				schema: schemas.milestoneUpdateSchema,
				authorize: (d) => ownRecord(event, ctx, t.milestones, 'milestone', d.id),
				exec: (d, a) => commands.updateMilestone(db(), d, a)
			});
		},
		confirmMilestone: async (event: RequestEvent) => {
			const ctx = resolve(event);
			return edit(event, ctx, 'milestone', {
				form: named('confirm'),
				schema: schemas.milestoneConfirmSchema,
				authorize: (d) => ownRecord(event, ctx, t.milestones, 'milestone', d.id),
				exec: (d, a) => commands.confirmMilestone(db(), d, a)
			});
		},
		confirmRecord: async (event: RequestEvent) => {
			const ctx = resolve(event);
			return edit(event, ctx, ctx.kind, {
				form: 'record-confirm',
				schema: schemas.recordConfirmSchema,
				exec: (d, a) => commands.confirmRecord(db(), ctx.kind, ctx.id, d.version, a)
			});
		},
		deleteMilestone: async (event: RequestEvent) => {
			const ctx = resolve(event);
			return edit(event, ctx, 'milestone', {
				form: named('milestone'),
				schema: schemas.deleteSchema,
				authorize: (d) => ownRecord(event, ctx, t.milestones, 'milestone', d.id),
				exec: (d, a) => commands.deleteMilestone(db(), d.id, d.version, a)
			});
		},
		addFunding: async (event: RequestEvent) => {
			const ctx = resolve(event);
			return edit(event, ctx, 'funding_line', {
				form: 'funding-new',
				schema: schemas.fundingSchema,
				exec: (d, a) => commands.createFunding(db(), parentOf(ctx), d, a)
			});
		},
		updateFunding: async (event: RequestEvent) => {
			const ctx = resolve(event);
			return edit(event, ctx, 'funding_line', {
				form: named('funding'),
				schema: schemas.fundingUpdateSchema,
				authorize: (d) => ownRecord(event, ctx, t.fundingLines, 'funding_line', d.id),
				exec: (d, a) => commands.updateFunding(db(), d, a)
			});
		},
		addMeasurement: async (event: RequestEvent) => {
			const ctx = resolve(event);
			return edit(event, ctx, 'indicator', {
				form: 'measurement',
				schema: schemas.measurementSchema,
				authorize: (d) => ownRecord(event, ctx, t.indicators, 'indicator', d.indicatorId),
				exec: (d, a) => commands.addMeasurement(db(), d, a)
			});
		},
		addNote: async (event: RequestEvent) => {
			const ctx = resolve(event);
			return edit(event, ctx, 'note', {
				form: 'note',
				schema: schemas.noteSchema,
				exec: (d, a) => commands.addNote(db(), ctx.kind, ctx.id, d, a)
			});
		},
		addDecision: async (event: RequestEvent) => {
			const ctx = resolve(event);
			const programmeId = ctx.programmeId;
			if (ctx.kind !== 'action' || programmeId === null)
				error(404, { message: 'Les décisions se rattachent à une action.' });
			return edit(event, ctx, 'decision', {
				form: 'decision',
				schema: schemas.decisionSchema,
				exec: (d, a) => commands.addDecision(db(), programmeId, [ctx.id], d, a)
			});
		},
		movePlace: async (event: RequestEvent) => {
			const ctx = resolve(event);
			return edit(event, ctx, 'place', {
				form: named('place', 'placeId'),
				schema: schemas.placeSchema,
				authorize: (d) => ownPlace(event, ctx, d.placeId),
				exec: (d, a) => commands.movePlace(db(), d, a)
			});
		}
	};
}
