import { z } from 'zod';
import { PRECISIONS, type Precision } from '../domain/dates';
import { parseEuros } from '../domain/money';
import { LIMITS } from '../domain/limits';

/**
 * Field schemas shared by every form, the spreadsheet import and the API: one date, one amount, one
 * id, one piece of free text. French messages; bounds from LIMITS (the database checks the same).
 */

const MARKUP = /<\s*\/?\s*[a-z!][^>]*>/i;

const baseText = (max: number) =>
	z
		.string({ error: 'Ce champ est obligatoire.' })
		.trim()
		.max(max, `${max} caractères au plus.`)
		.refine((v) => !MARKUP.test(v), 'Les balises HTML ne sont pas acceptées.');

/** Required free text: trimmed, bounded, never markup. */
export const text = (max: number) =>
	baseText(max).refine((v) => v.length > 0, 'Ce champ est obligatoire.');

/** Optional free text: the same rules; empty becomes null ("non renseigné"). */
export const optionalText = (max: number) => baseText(max).transform((v) => (v === '' ? null : v));

/** Whether a YYYY-MM-DD string is a real calendar day. */
export function isCalendarDate(v: string): boolean {
	if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) return false;
	const d = new Date(`${v}T00:00:00Z`);
	return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
}

/** The one date schema: a real calendar day, between 1990 and 2100. */
export const isoDate = z
	.string({ error: 'Date attendue.' })
	.trim()
	.regex(/^\d{4}-\d{2}-\d{2}$/, 'Date invalide (format attendu : AAAA-MM-JJ).')
	.refine(isCalendarDate, 'Cette date n’existe pas.')
	.refine(
		(v) => v >= LIMITS.minDate && v <= LIMITS.maxDate,
		'Date hors de la période acceptée (1990-2100).'
	);

/** A field a person may leave empty: empty means "not known" (null), anything else must be valid. */
export const emptyAsNull = <T extends z.ZodType>(schema: T) =>
	// An absent field reads as an empty one; anything else meets the schema and its French messages
	// (a union would answer "Invalid input").
	z.preprocess((v) => (v === undefined || v === '' ? null : v), schema.nullable());

/** An optional date: empty means "not known" (null). */
export const optionalDate = emptyAsNull(isoDate);

export const precision = z.enum(PRECISIONS as [Precision, ...Precision[]], {
	error: 'Précision inconnue.'
});

/** A record id or version: a positive whole number, never empty, never huge. */
const positiveInt = (message: string) =>
	z
		.string({ error: message })
		.trim()
		.regex(/^[1-9]\d{0,9}$/, message)
		.transform(Number);
export const id = positiveInt('Identifiant invalide.');
export const version = positiveInt('Version manquante.');

/** A whole number typed in a form, in [min, max]; empty is refused unless `optional`. */
export function integer(min: number, max: number, label = 'Nombre') {
	return z
		.string({ error: `${label} : nombre entier attendu.` })
		.trim()
		.regex(/^-?\d{1,10}$/, `${label} : nombre entier attendu.`)
		.transform(Number)
		.refine((n) => n >= min, `${label} : ${min} au minimum.`)
		.refine((n) => n <= max, `${label} : ${max} au maximum.`);
}

/** A decimal number typed the French way ("12,5"), finite, in [min, max]; never hex or exponent. */
export function decimal(min: number, max: number, message = 'Nombre attendu.') {
	return z
		.string({ error: message })
		.trim()
		.transform((v, ctx) => {
			const cleaned = v.replace(/[\s\u00a0\u202f]/g, '').replace(',', '.');
			if (!/^-?\d{1,15}(\.\d{1,6})?$/.test(cleaned)) {
				ctx.addIssue({ code: 'custom', message });
				return z.NEVER;
			}
			return Number(cleaned);
		})
		.refine((n) => n >= min && n <= max, message);
}

/** A percentage 0-100, empty meaning "not known". */
export const percent = emptyAsNull(integer(0, 100, 'Pourcentage'));

/** An amount in euros typed by a person ("12 500,00"), as integer cents, 0 to LIMITS.maxCents. */
export function money(options: { positive?: boolean; emptyIsZero?: boolean } = {}) {
	return z
		.string({ error: 'Le montant est obligatoire.' })
		.trim()
		.transform((v, ctx) => {
			if (v === '' && options.emptyIsZero) return 0;
			if (v === '') {
				ctx.addIssue({ code: 'custom', message: 'Le montant est obligatoire.' });
				return z.NEVER;
			}
			const cents = parseEuros(v);
			if (cents === null) {
				ctx.addIssue({ code: 'custom', message: 'Montant invalide (exemple : 12 500,00).' });
				return z.NEVER;
			}
			return cents;
		})
		.refine((c) => c >= 0, 'Le montant ne peut pas être négatif.')
		.refine((c) => !options.positive || c > 0, 'Le montant doit être positif.')
		.refine((c) => c <= LIMITS.maxCents, 'Montant trop élevé.');
}

/** A longitude or latitude typed in a form; empty is refused (it would otherwise become 0). */
export const longitude = decimal(-180, 180, 'Longitude invalide.');
export const latitude = decimal(-90, 90, 'Latitude invalide.');

/** A choice among known codes; the codes come from a Map or a plain list, never `in`. */
export function choice<T extends string>(codes: readonly T[], message: string) {
	return z.enum(codes as [T, ...T[]], { error: message });
}

/** Field → first message, for display next to each field. */
export function fieldErrors(error: z.ZodError): Record<string, string> {
	const out: Record<string, string> = {};
	for (const issue of error.issues) {
		const key = String(issue.path[0] ?? '_');
		out[key] ??= issue.message;
	}
	return out;
}
