import { error, type RequestEvent } from '@sveltejs/kit';
import { eq } from 'drizzle-orm';
import type { z } from 'zod';
import { db } from '../db/client';
import * as t from '../db/schema';
import { authorize } from '../auth/guard';
import type { Subject, SubjectKind } from '../auth/permissions';
import * as schemas from '../../schemas/editing';
import * as commands from './commands';
import { runForm } from './run-form';
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

const actorOf = (event: RequestEvent): ActorRef => ({ id: event.locals.user?.id ?? null, name: event.locals.user?.name ?? 'anonyme' });

/** Authorises the edit on the record, then validates and writes through the shared form runner. */
async function run<S extends z.ZodTypeAny>(event: RequestEvent, form: string, subject: Subject, schema: S, exec: (data: z.output<S>, actor: ActorRef) => unknown) {
	authorize(event.locals, 'edit', subject);
	return runForm(event, form, schema, (d) => exec(d, actorOf(event)));
}

function subjectFor(ctx: EditContext, kind: SubjectKind): Subject {
	return { kind, programmeId: ctx.programmeId, leadOrganisationId: ctx.kind === 'operation' ? ctx.leadOrganisationId : null };
}

const parentOf = (ctx: EditContext): commands.Parent => (ctx.kind === 'action' ? { actionId: ctx.id } : { operationId: ctx.id });

/** A milestone or funding line id from the form, refused unless it belongs to the page's record. */
function ownedId(event: RequestEvent, ctx: EditContext, table: typeof t.milestones | typeof t.fundingLines, value: FormDataEntryValue | null) {
	const id = Number(value);
	const row = Number.isInteger(id) && id > 0 ? db().select({ actionId: table.actionId, operationId: table.operationId }).from(table).where(eq(table.id, id)).get() : undefined;
	const owned = row && (ctx.kind === 'action' ? row.actionId === ctx.id : row.operationId !== null && ctx.family.includes(row.operationId));
	if (!owned) error(404, { message: 'Cet élément n’appartient pas à cette page.' });
}

/** SvelteKit form actions for every edit the action and operation pages offer. */
export function editingActions(resolve: Resolver) {
	return {
		updateRecord: async (event: RequestEvent) => {
			const ctx = resolve(event);
			return ctx.kind === 'action'
				? run(event, 'record', subjectFor(ctx, 'action'), schemas.actionUpdateSchema, (d, a) => commands.updateAction(db(), ctx.id, d, a))
				: run(event, 'record', subjectFor(ctx, 'operation'), schemas.operationUpdateSchema, (d, a) => commands.updateOperation(db(), ctx.id, d, a));
		},
		addMilestone: async (event: RequestEvent) => {
			const ctx = resolve(event);
			return run(event, 'milestone-new', subjectFor(ctx, 'milestone'), schemas.milestoneCreateSchema, (d, a) => commands.createMilestone(db(), parentOf(ctx), d, a));
		},
		updateMilestone: async (event: RequestEvent) => {
			const ctx = resolve(event);
			const form = await event.request.clone().formData();
			ownedId(event, ctx, t.milestones, form.get('id'));
			return run(event, `milestone-${form.get('id')}`, subjectFor(ctx, 'milestone'), schemas.milestoneUpdateSchema, (d, a) => commands.updateMilestone(db(), d, a));
		},
		deleteMilestone: async (event: RequestEvent) => {
			const ctx = resolve(event);
			const form = await event.request.clone().formData();
			ownedId(event, ctx, t.milestones, form.get('id'));
			return run(event, `milestone-${form.get('id')}`, subjectFor(ctx, 'milestone'), schemas.deleteSchema, (d, a) => commands.deleteMilestone(db(), d.id, d.version, a));
		},
		addFunding: async (event: RequestEvent) => {
			const ctx = resolve(event);
			return run(event, 'funding-new', subjectFor(ctx, 'funding_line'), schemas.fundingSchema, (d, a) => commands.createFunding(db(), parentOf(ctx), d, a));
		},
		updateFunding: async (event: RequestEvent) => {
			const ctx = resolve(event);
			const form = await event.request.clone().formData();
			ownedId(event, ctx, t.fundingLines, form.get('id'));
			return run(event, `funding-${form.get('id')}`, subjectFor(ctx, 'funding_line'), schemas.fundingUpdateSchema, (d, a) => commands.updateFunding(db(), d, a));
		},
		addMeasurement: async (event: RequestEvent) => {
			const ctx = resolve(event);
			const form = await event.request.clone().formData();
			const indicator = db().select().from(t.indicators).where(eq(t.indicators.id, Number(form.get('indicatorId')) || 0)).get();
			const belongs = indicator && (ctx.kind === 'action' ? indicator.actionId === ctx.id : indicator.operationId !== null && ctx.family.includes(indicator.operationId));
			if (!belongs) error(404, { message: 'Cet indicateur n’appartient pas à cette page.' });
			return run(event, 'measurement', subjectFor(ctx, 'indicator'), schemas.measurementSchema, (d, a) => commands.addMeasurement(db(), d, a));
		},
		addNote: async (event: RequestEvent) => {
			const ctx = resolve(event);
			return run(event, 'note', subjectFor(ctx, 'note'), schemas.noteSchema, (d, a) => commands.addNote(db(), ctx.kind, ctx.id, d, a));
		},
		addDecision: async (event: RequestEvent) => {
			const ctx = resolve(event);
			if (ctx.kind !== 'action' || ctx.programmeId === null) error(404, { message: 'Les décisions se rattachent à une action.' });
			return run(event, 'decision', subjectFor(ctx, 'decision'), schemas.decisionSchema, (d, a) => commands.addDecision(db(), ctx.programmeId!, [ctx.id], d, a));
		},
		movePlace: async (event: RequestEvent) => {
			const ctx = resolve(event);
			const form = await event.request.clone().formData();
			const placeId = Number(form.get('placeId')) || 0;
			const types = ctx.kind === 'action' ? ['action'] : ['operation', 'building'];
			const linked = db()
				.select({ type: t.placeLinks.subjectType, id: t.placeLinks.subjectId })
				.from(t.placeLinks)
				.where(eq(t.placeLinks.placeId, placeId))
				.all()
				.some((l) => types.includes(l.type) && (l.type === 'building' ? buildingInFamily(l.id, ctx.family) : ctx.kind === 'action' ? l.id === ctx.id : ctx.family.includes(l.id)));
			if (!linked) error(404, { message: 'Ce lieu n’est pas rattaché à cette page.' });
			return run(event, `place-${placeId}`, subjectFor(ctx, 'place'), schemas.placeSchema, (d, a) => commands.movePlace(db(), d, a));
		}
	};
}

function buildingInFamily(buildingId: number, family: number[]): boolean {
	const b = db().select({ operationId: t.buildings.operationId }).from(t.buildings).where(eq(t.buildings.id, buildingId)).get();
	return Boolean(b && family.includes(b.operationId));
}
