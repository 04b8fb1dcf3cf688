const whole = new Intl.NumberFormat('fr-FR', {
	style: 'currency',
	currency: 'EUR',
	maximumFractionDigits: 0
});
const exact = new Intl.NumberFormat('fr-FR', {
	style: 'currency',
	currency: 'EUR',
	minimumFractionDigits: 2
});
const compactFmt = new Intl.NumberFormat('fr-FR', {
	notation: 'compact',
	maximumFractionDigits: 1
});

/** The one money formatter: integer cents → "4 534 948 €" (cents shown only when there are some). */
export function formatEuros(cents: number | null | undefined): string {
	if (cents === null || cents === undefined) return 'non renseigné';
	return (cents % 100 === 0 ? whole : exact).format(cents / 100);
}

/** Short form for chart axes: "1,5 Md €". */
export function formatEurosCompact(cents: number): string {
	return `${compactFmt.format(cents / 100)} €`;
}

/** Parses a French amount typed by a person ("4 534 948,50 €", "720000") into cents; null if unreadable. */
export function parseEuros(input: string): number | null {
	const cleaned = input.replace(/[\s\u00a0\u202f€]/g, '').replace(',', '.');
	if (!/^-?\d{1,15}(\.\d{1,2})?$/.test(cleaned)) return null;
	return Math.round(Number(cleaned) * 100);
}
