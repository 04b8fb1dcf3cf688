import { z } from 'zod';
import { ACTION_STATUS, MILESTONE_STATUS, FUNDING_KIND, FUNDING_STATUS } from '../domain/labels';
import { PRECISIONS, periodStart } from '../domain/dates';
import { parseEuros } from '../domain/money';

const MARKUP = /<\s*\/?\s*[a-z!][^>]*>/i;

/** Free text: trimmed, bounded, never markup. */
export const text = (max: number, required = true) => {
	const base = z
		.string({ required_error: 'Ce champ est obligatoire.' })
		.trim()
		.max(max, `${max} caractères au plus.`)
		.refine((v) => !MARKUP.test(v), 'Les balises HTML ne sont pas acceptées.');
	return required ? base.refine((v) => v.length > 0, 'Ce champ est obligatoire.') : base.transform((v) => (v === '' ? null : v));
};

const isoDate = z
	.string()
	.trim()
	.regex(/^\d{4}-\d{2}-\d{2}$/, 'Date invalide (format attendu : AAAA-MM-JJ).')
	.refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().slice(0, 10) === v, 'Cette date n’existe pas.')
	.refine((v) => v >= '1990-01-01' && v <= '2100-12-31', 'Date hors de la période acceptée (1990-2100).');

const optionalDate = z.union([z.literal('').transform(() => null), isoDate]);
const precision = z.enum(PRECISIONS as [string, ...string[]], { errorMap: () => ({ message: 'Précision inconnue.' }) });
const enumOf = (map: Record<string, string>, message: string) => z.enum(Object.keys(map) as [string, ...string[]], { errorMap: () => ({ message }) });

export const version = z.coerce.number({ invalid_type_error: 'Version manquante.' }).int().positive('Version manquante.');
export const id = z.coerce.number().int().positive();

const percent = z.union([
	z.literal('').transform(() => null),
	z.coerce.number({ invalid_type_error: 'Nombre entre 0 et 100 attendu.' }).int('Nombre entier attendu.').min(0, '0 au minimum.').max(100, '100 au maximum.')
]);

const money = z
	.string()
	.trim()
	.min(1, 'Le montant est obligatoire.')
	.transform((v, ctx) => {
		const cents = parseEuros(v);
		if (cents === null) {
			ctx.addIssue({ code: 'custom', message: 'Montant invalide (exemple : 12 500,00).' });
			return z.NEVER;
		}
		return cents;
	})
	.refine((c) => c >= 0, 'Le montant ne peut pas être négatif.')
	.refine((c) => c <= 1_000_000_000_000_00, 'Montant trop élevé.');

/** A planned date at its precision, stored as the first day of its period. */
const planned = <T extends z.ZodRawShape>(shape: T) =>
	z.object(shape).transform((v) => {
		const o = v as Record<string, unknown>;
		if (typeof o.plannedDate === 'string' && typeof o.plannedPrecision === 'string') o.plannedDate = periodStart(o.plannedDate, o.plannedPrecision);
		return v;
	});

export const actionUpdateSchema = z
	.object({
		version,
		status: enumOf(ACTION_STATUS, 'État inconnu.'),
		progress: percent,
		description: text(5000, false),
		lead: z.string().trim().max(80).transform((v) => (v === '' ? null : v)),
		startDate: optionalDate,
		startPrecision: precision,
		endDate: optionalDate,
		endPrecision: precision
	})
	.refine((v) => !v.startDate || !v.endDate || v.startDate <= v.endDate, { message: 'La fin doit suivre le début.', path: ['endDate'] });

export const operationUpdateSchema = z.object({ version, status: enumOf(ACTION_STATUS, 'État inconnu.'), progress: percent });

export const milestoneCreateSchema = planned({
	title: text(300),
	plannedDate: isoDate,
	plannedPrecision: precision,
	status: enumOf(MILESTONE_STATUS, 'État inconnu.')
});

export const milestoneUpdateSchema = planned({
	id,
	version,
	title: text(300),
	plannedDate: isoDate,
	plannedPrecision: precision,
	status: enumOf(MILESTONE_STATUS, 'État inconnu.'),
	actualDate: optionalDate,
	slipReason: text(500, false)
}).superRefine((v, ctx) => {
	if (v.status === 'done' && !v.actualDate) ctx.addIssue({ code: 'custom', path: ['actualDate'], message: 'Indiquez la date de réalisation.' });
});

export const deleteSchema = z.object({
	id,
	version,
	confirm: z.literal('on', { errorMap: () => ({ message: 'Cochez la case pour confirmer la suppression.' }) })
});

export const fundingSchema = z.object({
	organisation: z.string().trim().max(80).transform((v) => (v === '' ? null : v)),
	label: text(200),
	kind: enumOf({ subsidy: '', loan: '', own_funds: '', other: '' }, 'Nature inconnue.'),
	amount: money,
	tax: z.enum(['HT', 'TTC'], { errorMap: () => ({ message: 'HT ou TTC.' }) }),
	status: enumOf(FUNDING_STATUS, 'État inconnu.'),
	plannedOn: optionalDate,
	requestedOn: optionalDate,
	committedOn: optionalDate,
	paidOn: optionalDate
});
export const fundingUpdateSchema = fundingSchema.extend({ id, version });

export const measurementSchema = z.object({
	indicatorId: id,
	value: z.string().trim().min(1, 'La valeur est obligatoire.').transform((v, ctx) => {
		const n = Number(v.replace(/\s/g, '').replace(',', '.'));
		if (!Number.isFinite(n)) {
			ctx.addIssue({ code: 'custom', message: 'Nombre attendu.' });
			return z.NEVER;
		}
		return n;
	}),
	measuredOn: isoDate
});

export const noteSchema = z.object({ text: text(4000) });

export const decisionSchema = z.object({ decidedOn: isoDate, body: text(120), text: text(4000) });

export const placeSchema = z.object({
	placeId: id,
	version,
	lon: z.coerce.number({ invalid_type_error: 'Longitude invalide.' }).min(-180, 'Longitude invalide.').max(180, 'Longitude invalide.'),
	lat: z.coerce.number({ invalid_type_error: 'Latitude invalide.' }).min(-90, 'Latitude invalide.').max(90, 'Latitude invalide.')
});

/** Field → first message, for display next to each field. */
export function fieldErrors(error: z.ZodError): Record<string, string> {
	const out: Record<string, string> = {};
	for (const issue of error.issues) {
		const key = String(issue.path[0] ?? '_');
		out[key] ??= issue.message;
	}
	return out;
}
