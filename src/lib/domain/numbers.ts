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

const plural = new Intl.PluralRules('fr');

/** The word for a count by French plural rules: "1 action", "0 action", "2 actions". */
export function pluralWord(n: number, singular: string, pluralForm?: string): string {
	return plural.select(n) === 'one' ? singular : (pluralForm ?? singular.replace(/(\S+)/g, '$1s'));
}

/**
 * "1 jalon réalisé", "3 jalons réalisés", "aucun jalon": a count with its noun (and optional
 * adjective) agreeing in number by French plural rules (0 and 1 are singular). Regular plurals (+s)
 * unless `plural` is given.
 */
export function countOf(
	n: number,
	singular: string,
	options: { plural?: string; none?: string } = {}
): string {
	if (n === 0 && options.none) return options.none;
	const word = pluralWord(n, singular, options.plural);
	return `${formatNumber(n)} ${word}`;
}

/** A share, or what it is made of when fewer than 3 items count ("1 sur 1"): a percentage of 1 misleads. */
export function shareOf(part: number, whole: number): string | null {
	if (whole === 0) return null;
	if (whole < 3) return `${part} sur ${whole}`;
	return `${Math.round((100 * part) / whole)}\u00a0%`;
}
