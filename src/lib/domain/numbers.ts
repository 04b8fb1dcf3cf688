import { formatEuros } from './money';

const nf = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 2 });

/** A measured quantity with its unit, French style: "37,5 %", "26 000 habitants", "2 005 385 €". */
export function formatQuantity(value: number | null | undefined, unit: string): string {
	if (value === null || value === undefined) return 'non renseigné';
	if (unit === '€') return formatEuros(Math.round(value * 100));
	if (unit === '%') return `${nf.format(value)} %`;
	return `${nf.format(value)} ${unit}`;
}

/** A number French style, with a no-break space between thousands: "1 366", "87,5". */
export function formatNumber(value: number): string {
	return nf.format(value).replace(/\u202f/g, '\u00a0');
}

export function formatShare(share: number): string {
	return `${nf.format(Math.round(share * 1000) / 10)} %`;
}

/**
 * "1 jalon réalisé", "3 jalons réalisés", "aucun jalon": a count with its noun (and optional
 * adjective) agreeing in number. French plurals here are regular (+s), or given as `plural`.
 */
export function countOf(
	n: number,
	singular: string,
	options: { plural?: string; none?: string } = {}
): string {
	if (n === 0 && options.none) return options.none;
	const word = n > 1 ? (options.plural ?? singular.replace(/(\S+)/g, '$1s')) : singular;
	return `${n.toLocaleString('fr-FR').replace(/\u202f/g, '\u00a0')} ${word}`;
}

/** A share, or what it is made of when fewer than 3 items count ("1 sur 1"): a percentage of 1 misleads. */
export function shareOf(part: number, whole: number): string | null {
	if (whole === 0) return null;
	if (whole < 3) return `${part} sur ${whole}`;
	return `${Math.round((100 * part) / whole)}\u00a0%`;
}
