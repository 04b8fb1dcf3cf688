import { formatEuros } from './money';

const nf = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 2 });

/** A measured quantity with its unit, French style: "37,5 %", "26 000 habitants", "2 005 385 €". */
export function formatQuantity(value: number | null | undefined, unit: string): string {
	if (value === null || value === undefined) return 'non renseigné';
	if (unit === '€') return formatEuros(Math.round(value * 100));
	if (unit === '%') return `${nf.format(value)} %`;
	return `${nf.format(value)} ${unit}`;
}

export function formatShare(share: number): string {
	return `${nf.format(Math.round(share * 1000) / 10)} %`;
}
