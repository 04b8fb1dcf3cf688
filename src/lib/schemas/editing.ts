import { z } from 'zod';
import { ACTION_STATUS, MILESTONE_STATUS, FUNDING_STATUS } from '../domain/labels';
import { codesOf } from '../domain/codes';
import { periodStart } from '../domain/dates';
import { LIMITS } from '../domain/limits';
import {
	text,
	optionalText,
	isoDate,
	optionalDate,
	precision,
	id,
	version,
	percent,
	money,
	decimal,
	longitude,
	latitude,
	choice,
	emptyAsNull
} from './fields';

export { text, id, version } from './fields';

/** The funding kinds a person may enter (the seed also knows "equity" and "mixed"). */
export const EDITABLE_FUNDING_KINDS = ['subsidy', 'loan', 'own_funds', 'other'] as const;

const actionStatus = choice(codesOf(ACTION_STATUS), 'État inconnu.');
const milestoneStatus = choice(codesOf(MILESTONE_STATUS), 'État inconnu.');
const organisationSlug = z
	.string()
	.trim()
	.max(80, 'Organisation inconnue.')
	.transform((v) => (v === '' ? null : v));

/** A planned date at its precision, stored as the first day of its period. */
const plannedAt = <T extends { plannedDate: string; plannedPrecision: string }>(v: T): T => ({
	...v,
	plannedDate: periodStart(v.plannedDate, v.plannedPrecision)
});

export const actionUpdateSchema = z
	.object({
		version,
		status: actionStatus,
		progress: percent,
		description: optionalText(LIMITS.maxText),
		lead: organisationSlug,
		startDate: optionalDate,
		startPrecision: precision,
		endDate: optionalDate,
		endPrecision: precision
	})
	.refine((v) => !v.startDate || !v.endDate || v.startDate <= v.endDate, {
		message: 'La fin doit suivre le début.',
		path: ['endDate']
	});

export const operationUpdateSchema = z.object({ version, status: actionStatus, progress: percent });

export const milestoneCreateSchema = z
	.object({
		title: text(300),
		plannedDate: isoDate,
		plannedPrecision: precision,
		status: milestoneStatus
	})
	.transform(plannedAt);

/** The same, where the planned date may be left empty (the documents give only what happened). */
const plannedAtOrNone = <T extends { plannedDate: string | null; plannedPrecision: string }>(
	v: T
) =>
	v.plannedDate
		? { ...v, plannedDate: periodStart(v.plannedDate, v.plannedPrecision) }
		: { ...v, plannedDate: null, plannedPrecision: null };

export const milestoneUpdateSchema = z
	.object({
		id,
		version,
		title: text(300),
		plannedDate: optionalDate,
		plannedPrecision: precision,
		status: milestoneStatus,
		actualDate: optionalDate,
		slipReason: optionalText(500)
	})
	.superRefine((v, ctx) => {
		if (v.status === 'done' && !v.actualDate)
			ctx.addIssue({
				code: 'custom',
				path: ['actualDate'],
				message: 'Indiquez la date de réalisation.'
			});
	})
	.transform(plannedAtOrNone);

/**
 * A one-click confirmation of a milestone's state by a person: "toujours prévu" (not done yet),
 * "réalisé le …", or "décalé au …" (with the new period and a reason).
 */
export const milestoneConfirmSchema = z
	.object({
		id,
		version,
		outcome: choice(['still_planned', 'done', 'moved'], 'Choisissez ce que vous confirmez.'),
		// Each choice is its own small form: the others' fields are absent, not empty.
		doneOn: optionalDate.optional(),
		movedTo: optionalDate.optional(),
		movedPrecision: emptyAsNull(precision).optional(),
		slipReason: optionalText(500).optional()
	})
	.superRefine((v, ctx) => {
		const need = (path: string, message: string) =>
			ctx.addIssue({ code: 'custom', path: [path], message });
		if (v.outcome === 'done' && !v.doneOn) need('doneOn', 'Indiquez la date de réalisation.');
		if (v.outcome === 'moved') {
			if (!v.movedTo) need('movedTo', 'Indiquez la nouvelle date prévue.');
			if (!v.movedPrecision) need('movedPrecision', 'Indiquez la précision de la nouvelle date.');
			if (!v.slipReason) need('slipReason', 'Indiquez le motif du décalage.');
		}
	});

/** A person confirms that an action's or operation's recorded state is still true. */
export const recordConfirmSchema = z.object({ version });

export const deleteSchema = z.object({
	id,
	version,
	confirm: z.literal('on', { error: 'Cochez la case pour confirmer la suppression.' })
});

export const fundingSchema = z.object({
	organisation: organisationSlug,
	label: text(200),
	kind: choice(EDITABLE_FUNDING_KINDS, 'Nature inconnue.'),
	amount: money(),
	tax: choice(['HT', 'TTC'], 'HT ou TTC.'),
	status: choice(codesOf(FUNDING_STATUS), 'État inconnu.'),
	plannedOn: optionalDate,
	requestedOn: optionalDate,
	committedOn: optionalDate,
	paidOn: optionalDate
});
export const fundingUpdateSchema = fundingSchema.extend({ id, version });

export const measurementSchema = z.object({
	indicatorId: id,
	value: decimal(-1e12, 1e12, 'Nombre attendu.'),
	measuredOn: isoDate
});

export const noteSchema = z.object({ text: text(4000) });

export const decisionSchema = z.object({ decidedOn: isoDate, body: text(120), text: text(4000) });

export const placeSchema = z.object({ placeId: id, version, lon: longitude, lat: latitude });
