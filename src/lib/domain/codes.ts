/**
 * Tables of codes and their French labels. Built without a prototype and frozen, so a code such as
 * "__proto__", "constructor" or "toString" is simply unknown: it can never reach Object.prototype.
 */
export function codeTable<K extends string>(
	entries: Record<K, string>
): Readonly<Record<K, string>> {
	return Object.freeze(Object.assign(Object.create(null) as Record<K, string>, entries));
}

/** Whether a value is one of the table's codes (own keys only, never `in`). */
export function isCode<K extends string>(
	table: Readonly<Record<K, string>>,
	value: unknown
): boolean {
	return typeof value === 'string' && Object.hasOwn(table, value);
}

/** The table's codes, in order. */
export function codesOf<K extends string>(table: Readonly<Record<K, string>>): K[] {
	return Object.keys(table) as K[];
}
