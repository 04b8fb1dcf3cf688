import { plainText } from '../../domain/values';

/** The shape form actions answer with (see $lib/server/editing/form-actions). */
export interface EditResult {
	form?: string;
	saved?: boolean;
	values?: Record<string, string>;
	errors?: Record<string, string>;
	conflict?: {
		changes: {
			at: string;
			actor: string;
			entityType?: string;
			fields: { field: string; before: unknown; after: unknown }[];
		}[];
		current: Record<string, unknown>;
	};
}

/** Accessors for one named form: its errors, the values typed, and whether it just saved. */
export function formState(result: EditResult | null | undefined, name: string) {
	const mine = result?.form === name ? result : undefined;
	return {
		error: (field: string) => mine?.errors?.[field],
		value: (field: string, fallback: unknown = '') =>
			mine?.values && field in mine.values ? mine.values[field] : (plainText(fallback) ?? ''),
		saved: Boolean(mine?.saved),
		conflict: mine?.conflict,
		failed: Boolean(mine && !mine.saved)
	};
}
