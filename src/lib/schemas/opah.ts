import { z } from 'zod';

/**
 * Messages name the field as the form labels it (the API gives the parameter's name beside each
 * message, as `field`).
 */
const bool = (label: string) =>
	z
		.enum(['true', 'false', '1', '0', 'on', 'oui', 'non'], {
			error: `${label} : répondez oui ou non.`
		})
		.optional()
		.transform((v) => v === 'true' || v === '1' || v === 'on' || v === 'oui');
const number = (label: string, min: number, max: number, unit: string) =>
	z
		.string({ error: `${label} est obligatoire.` })
		.trim()
		.min(1, `${label} est obligatoire.`)
		.transform((v, ctx) => {
			const n = Number(v.replace(/\s/g, '').replace(',', '.'));
			if (!Number.isFinite(n)) {
				ctx.addIssue({ code: 'custom', message: `${label} doit être un nombre.` });
				return z.NEVER;
			}
			return n;
		})
		.refine(
			(n) => n >= min && n <= max,
			`${label} doit se situer entre ${min.toLocaleString('fr-FR')} et ${max.toLocaleString('fr-FR')} ${unit}.`
		);

/** The simulator's query parameters (page and API alike), with French messages. */
export const simulationQuery = z
	.object({
		surface: number('La surface du logement', 1, 1000, 'm²').refine(
			(n) => n > 0,
			'La surface doit être positive.'
		),
		works: z.enum(['lourds', 'securite', 'degrade', 'energie'], {
			error: 'Choisissez le type de travaux (lourds, securite, degrade ou energie).'
		}),
		cost: number('Le montant des travaux', 0, 10_000_000, '€ HT'),
		gain35: bool('Le gain énergétique d’au moins 35 %'),
		renforce: bool('Le périmètre renforcé'),
		vacant: bool('Le logement vacant'),
		fusion: bool('La fusion de deux petits logements'),
		rent: z.enum(['LI', 'LCS'], { error: 'Choisissez le type de loyer (LI ou LCS).' }),
		adults: z
			.enum(['1', '2'], { error: 'Le nombre d’adultes du ménage locataire vaut 1 ou 2.' })
			.transform((v) => Number(v) as 1 | 2),
		dependants: z
			.string()
			.optional()
			.transform((v) => (v === undefined || v === '' ? '0' : v))
			.pipe(
				z
					.string()
					.regex(/^\d{1,2}$/, 'Le nombre de personnes à charge est un nombre entier de 0 à 20.')
			)
			.transform(Number)
			.refine((n) => n <= 20, 'Le nombre de personnes à charge est un nombre entier de 0 à 20.')
	})
	.strict();
