/** French alphabetical order ("État" with the E's, "Ville de Pradines" after it; 2 before 10). */
export const frenchCollator = new Intl.Collator('fr', { sensitivity: 'base', numeric: true });

/** A copy of `rows` sorted in French order by the given text. */
export function sortFrench<T>(rows: readonly T[], text: (row: T) => string | null): T[] {
	return [...rows].sort((a, b) => frenchCollator.compare(text(a) ?? '', text(b) ?? ''));
}
