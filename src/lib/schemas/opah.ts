import { z } from 'zod';

const bool = (name: string) =>
	z
		.enum(['true', 'false', '1', '0', 'on', 'oui', 'non'], {
			error: `Le paramètre « ${name} » vaut true ou false.`
		})
		.optional()
		.transform((v) => v === 'true' || v === '1' || v === 'on' || v === 'oui');
const number = (name: string, min: number, max: number, unit: string) =>
	z
		.string({ error: `Le paramètre « ${name} » est obligatoire.` })
		.trim()
		.min(1, `Le paramètre « ${name} » est obligatoire.`)
		.transform((v, ctx) => {
			const n = Number(v.replace(/\s/g, '').replace(',', '.'));
			if (!Number.isFinite(n)) {
				ctx.addIssue({ code: 'custom', message: `Le paramètre « ${name} » doit être un nombre.` });
				return z.NEVER;
			}
			return n;
		})
		.refine(
			(n) => n >= min && n <= max,
			`Le paramètre « ${name} » doit être compris entre ${min} et ${max} ${unit}.`
		);

/** The simulator's query parameters (page and API alike), with French messages. */
export const simulationQuery = z
	.object({
		surface: number('surface', 1, 1000, 'm²').refine(
			(n) => n > 0,
			'La surface doit être positive.'
		),
		works: z.enum(['lourds', 'securite', 'degrade', 'energie'], {
			error: 'Le paramètre « works » vaut lourds, securite, degrade ou energie.'
		}),
		cost: number('cost', 0, 10_000_000, '€ HT'),
		gain35: bool('gain35'),
		renforce: bool('renforce'),
		vacant: bool('vacant'),
		fusion: bool('fusion'),
		rent: z.enum(['LI', 'LCS'], { error: 'Le paramètre « rent » vaut LI ou LCS.' }),
		adults: z
			.enum(['1', '2'], { error: 'Le paramètre « adults » vaut 1 ou 2.' })
			.transform((v) => Number(v) as 1 | 2),
		dependants: z
			.string()
			.optional()
			.transform((v) => (v === undefined || v === '' ? '0' : v))
			.pipe(
				z.string().regex(/^\d{1,2}$/, 'Le paramètre « dependants » est un nombre entier de 0 à 20.')
			)
			.transform(Number)
			.refine((n) => n <= 20, 'Le paramètre « dependants » est un nombre entier de 0 à 20.')
	})
	.strict();
