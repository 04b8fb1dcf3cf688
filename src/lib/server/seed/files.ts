import { z } from 'zod';
import { isoDate } from '../../schemas/fields';

/** Shapes of the seed data files under data/; a malformed file fails the seed with the path at fault. */
export const precision = z.enum(['day', 'month', 'quarter', 'semester', 'year']);
export const datedPoint = z.object({ date: isoDate, precision });
export const source = z.object({ doc: z.string(), quote: z.string().min(3) });
const inferred = z.array(z.string()).optional();

export const documentFile = z.array(
	z.object({
		key: z.string(),
		url: z.string().url().nullable(),
		title: z.string(),
		publishedOn: z.string().nullable(),
		publisher: z.string().nullable()
	})
);

export const territoryFile = z.object({
	territory: z.object({
		slug: z.string(),
		name: z.string(),
		kind: z.string(),
		siren: z.string().nullable(),
		inseeCode: z.string().nullable()
	}),
	organisations: z.array(
		z.object({
			slug: z.string(),
			name: z.string(),
			shortName: z.string().optional(),
			type: z.string(),
			description: z.string().optional()
		})
	)
});

const indicator = z.object({
	slug: z.string(),
	label: z.string(),
	unit: z.string(),
	action: z.string().optional(),
	operation: z.string().optional(),
	inferred,
	target: z.number().optional(),
	targetDate: isoDate.optional(),
	targetPrecision: precision.optional(),
	targetSource: source.optional(),
	note: z.string().optional(),
	values: z.array(
		z.object({
			value: z.number(),
			ofTotal: z.number().optional(),
			measuredOn: isoDate.optional(),
			precision: precision.optional(),
			source
		})
	)
});

const ref = z.object({ type: z.enum(['programme', 'action', 'operation']), ref: z.string() });

const milestone = z.object({
	code: z.string(),
	title: z.string(),
	/** absent when the document gives only what happened (a concertation held from … to …) */
	planned: datedPoint.optional(),
	actual: datedPoint.optional(),
	status: z.enum(['planned', 'in_progress', 'done', 'cancelled']),
	source,
	works: z
		.array(
			z.object({
				category: z.string(),
				label: z.string(),
				building: z.string().optional(),
				inferred
			})
		)
		.optional()
});

const operation = z.object({
	slug: z.string(),
	parent: z.string().optional(),
	action: z.string().optional(),
	name: z.string(),
	description: z.string().optional(),
	lead: z.string().optional(),
	status: z.string(),
	statusSource: source.optional(),
	start: datedPoint.optional(),
	end: datedPoint.optional(),
	periodNote: z.string().optional(),
	totalCost: z
		.object({ cents: z.number().int().nonnegative(), tax: z.enum(['HT', 'TTC']), source })
		.optional(),
	buildings: z.array(z.object({ code: z.string(), name: z.string() })).optional(),
	milestones: z.array(milestone).optional(),
	funding: z
		.array(
			z.object({
				funder: z.string().optional(),
				label: z.string(),
				kind: z.enum(['subsidy', 'loan', 'own_funds', 'other']),
				amountCents: z.number().int().nonnegative(),
				tax: z.enum(['HT', 'TTC']),
				status: z.enum(['planned', 'requested', 'committed', 'paid']),
				inferred,
				source
			})
		)
		.optional(),
	fundingNote: z.string().optional()
});

export const programmeFile = z.object({
	slug: z.string(),
	name: z.string(),
	shortName: z.string(),
	kind: z.string(),
	parent: z.string().optional(),
	start: datedPoint.nullable(),
	end: datedPoint.nullable(),
	periodNote: z.string().optional(),
	signedOn: isoDate.nullable(),
	axisLabel: z.string(),
	description: z.string(),
	source,
	organisations: z.array(
		z.object({ org: z.string(), role: z.string(), note: z.string().optional(), source })
	),
	axes: z.array(
		z.object({
			code: z.string(),
			title: z.string(),
			shortTitle: z.string().optional(),
			context: z.string().optional(),
			source,
			achievements: z
				.array(z.object({ text: z.string(), action: z.string().optional(), inferred, source }))
				.optional()
		})
	),
	actions: z.array(
		z.object({
			code: z.string(),
			number: z.number().int().nullable(),
			axis: z.string(),
			title: z.string(),
			description: z.string().optional(),
			objectives: z.array(z.string()).optional(),
			maturity: z.string().nullable().optional(),
			lead: z.string().optional(),
			status: z.string().optional(),
			statusSource: source.optional(),
			inferred,
			note: z.string().optional(),
			source
		})
	),
	operations: z.array(operation).optional(),
	indicators: z.array(indicator),
	envelopes: z
		.array(
			z.object({
				ref: z.string().optional(),
				parent: z.string().optional(),
				org: z.string(),
				label: z.string(),
				kind: z.string(),
				amountCents: z.number().int().nonnegative(),
				source
			})
		)
		.optional(),
	envelopeNote: z.string().optional(),
	links: z.array(
		z.object({ from: ref, to: ref, kind: z.string(), note: z.string().optional(), source })
	)
});

const pointOrPolygon = z.union([
	z.object({ type: z.literal('Point'), coordinates: z.tuple([z.number(), z.number()]) }),
	z.object({ type: z.literal('Polygon'), coordinates: z.array(z.array(z.array(z.number()))) }),
	z.object({
		type: z.literal('MultiPolygon'),
		coordinates: z.array(z.array(z.array(z.array(z.number()))))
	})
]);

export const placesFile = z.array(
	z.object({
		slug: z.string(),
		name: z.string(),
		kind: z.string(),
		geometry: pointOrPolygon.optional(),
		geometryFile: z.string().optional(),
		inferred: z.boolean(),
		confidence: z.string().optional(),
		note: z.string().optional(),
		attribution: z.string().optional(),
		source: source.optional(),
		links: z.array(z.tuple([z.string(), z.string()]))
	})
);

export const geojsonFile = z.object({
	type: z.literal('FeatureCollection'),
	features: z.array(z.object({ geometry: pointOrPolygon })).min(1)
});

export const opahRulesFile = z.object({
	label: z.string(),
	source,
	/** who landlords contact, as the notice gives it */
	operator: z
		.object({
			name: z.string(),
			phones: z.array(z.string()),
			email: z.string().email(),
			hours: z.string(),
			source
		})
		.optional(),
	disclaimer: z.string(),
	subsidyNote: z.string().optional(),
	subsidyRules: z.array(
		z.object({
			worksType: z.enum(['lourds', 'securite', 'degrade', 'energie']),
			label: z.string(),
			ceilingCentsPerM2: z.number().int(),
			maxSurfaceM2: z.number(),
			anahRate: z.number(),
			aseBonusCents: z.number().int().nullable(),
			grandCahorsHighRate: z.number().nullable(),
			grandCahorsLowRate: z.number().nullable(),
			regionEcoChequeCents: z.number().int().nullable(),
			departementCents: z.number().int().nullable(),
			conditions: z.string(),
			source
		})
	),
	rentCeilings: z.array(
		z.object({
			surfaceM2: z.number().int(),
			liMonthlyCents: z.number().int(),
			liPerM2Cents: z.number().int(),
			lcsMonthlyCents: z.number().int(),
			lcsPerM2Cents: z.number().int()
		})
	),
	incomeCeilings: z.array(
		z.object({
			household: z.string(),
			liCents: z.number().int(),
			lcsCents: z.number().int(),
			lctsCents: z.number().int()
		})
	),
	steps: z.array(
		z.object({ number: z.number().int(), title: z.string(), description: z.string() })
	),
	commitments: z.array(z.string())
});

export const referenceFiguresFile = z.array(
	z.object({
		topic: z.string(),
		label: z.string(),
		value: z.number(),
		unit: z.string(),
		context: z.string(),
		source
	})
);

export type ProgrammeFile = z.infer<typeof programmeFile>;
