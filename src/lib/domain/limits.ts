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

/**
 * What one spreadsheet import may hold. Checked while the file is read (bytes as the body arrives,
 * the XLSX's inflated size entry by entry), before anything big is held in memory.
 */
export const IMPORT_LIMITS = {
	/** the uploaded file */
	bytes: 5 * 1024 * 1024,
	/** an XLSX once inflated, all its parts together (a 47 KB file can inflate to 40 MB) */
	inflatedBytes: 20 * 1024 * 1024,
	/** parts of an XLSX */
	entries: 200,
	rows: 10_000,
	columns: 60,
	/** characters in one cell (the forms' longest text) */
	cellChars: LIMITS.maxText,
	/** characters in the whole sheet once read (shared strings can repeat one long text everywhere) */
	totalChars: 8_000_000
} as const;

/** "Ce qui a changé" reads and counts the most recent entries only (a national log holds ~10 000 a month). */
export const CHANGES_LIMIT = 500;
