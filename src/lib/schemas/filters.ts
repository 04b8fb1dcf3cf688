import type { Bbox } from '../domain/map';
import { z } from 'zod';
import { ACTION_STATUS } from '../domain/labels';
import { isoDate } from './fields';

const slug = z
	.string()
	.regex(/^[a-z0-9-]{1,80}$/, 'doit être un identifiant (lettres minuscules, chiffres, tirets)');

/** Filters of the map and its GeoJSON endpoint; messages name the parameter in French. */
export const mapFilterSchema = z
	.object({
		programme: slug.optional(),
		axis: z
			.string()
			.regex(/^[A-Za-z0-9-]{1,20}$/, 'doit être un code d’axe')
			.optional(),
		status: z
			.enum(Object.keys(ACTION_STATUS) as [string, ...string[]], {
				error: `doit valoir ${Object.keys(ACTION_STATUS).join(', ')}`
			})
			.optional(),
		q: z.string().trim().max(200, 'ne doit pas dépasser 200 caractères').optional(),
		bbox: z
			.string()
			.max(120)
			.transform((v, ctx) => {
				const n = v.split(',').map(Number);
				const ok =
					n.length === 4 &&
					n.every(Number.isFinite) &&
					n[0] >= -180 &&
					n[2] <= 180 &&
					n[1] >= -90 &&
					n[3] <= 90 &&
					n[0] < n[2] &&
					n[1] < n[3];
				if (!ok) {
					ctx.addIssue({
						code: 'custom',
						message: 'doit valoir ouest,sud,est,nord en degrés (ex. 1.40,44.40,1.50,44.50)'
					});
					return z.NEVER;
				}
				return n as Bbox;
			})
			.optional()
	})
	.strict();

export type MapFilterInput = z.infer<typeof mapFilterSchema>;

/** Query parameters as an object, empty values dropped. */
export function queryObject(params: URLSearchParams): Record<string, string> {
	return Object.fromEntries([...params].filter(([, v]) => v !== ''));
}

/** A parse error as one French sentence naming the parameter at fault. */
export function describeQueryError(error: z.ZodError): string {
	const issue = error.issues[0];
	if (issue.code === 'unrecognized_keys') return `Paramètre inconnu : « ${issue.keys[0]} ».`;
	// Messages that already name their parameter are whole sentences.
	if (issue.message.startsWith('Le paramètre') || issue.message.startsWith('La '))
		return issue.message;
	return `Le paramètre « ${issue.path.join('.')} » ${issue.message}.`;
}

const year = z.coerce
	.number({ error: 'doit être une année' })
	.int()
	.min(2000, 'doit être une année entre 2000 et 2100')
	.max(2100, 'doit être une année entre 2000 et 2100');

/** Dashboard and report filters, kept in the URL. */
export const dashboardFilterSchema = z
	.object({
		programme: slug.optional(),
		axis: z
			.string()
			.regex(/^[A-Za-z0-9-]{1,20}$/, 'doit être un code d’axe')
			.optional(),
		funder: slug.optional(),
		from: year.optional(),
		to: year.optional(),
		depuis: z
			.string()
			.refine((v) => isoDate.safeParse(v).success, 'doit être une date réelle (AAAA-MM-JJ)')
			.optional()
	})
	.strict()
	.refine((f) => !f.from || !f.to || f.from <= f.to, {
		message: 'doit être antérieure ou égale à la fin de période',
		path: ['from']
	});

export type DashboardFilterInput = z.infer<typeof dashboardFilterSchema>;
