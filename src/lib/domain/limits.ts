/**
 * Bounds shared by validation (zod), the import and the database's CHECK constraints, so that what
 * one refuses the other refuses too.
 */
export const LIMITS = {
	/** 100 billion euros, in cents: above any public programme */
	maxCents: 10_000_000_000_000,
	minDate: '1990-01-01',
	maxDate: '2100-12-31',
	/** longest free text a form takes */
	maxText: 5_000
} as const;

/** Metropolitan France and Corsica, with a margin; a place outside is refused unless a setting says so. */
export const FRANCE_BBOX = { minLon: -5.5, minLat: 41.0, maxLon: 10.0, maxLat: 51.5 } as const;
