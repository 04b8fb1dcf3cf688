import { codeTable } from './codes';
export type Precision = 'day' | 'month' | 'quarter' | 'semester' | 'year';

export const PRECISIONS: Precision[] = ['day', 'month', 'quarter', 'semester', 'year'];

export const PRECISION_LABELS: Readonly<Record<Precision, string>> = codeTable({
	day: 'jour',
	month: 'mois',
	quarter: 'trimestre',
	semester: 'semestre',
	year: 'année'
});

const MONTHS = [
	'janvier',
	'février',
	'mars',
	'avril',
	'mai',
	'juin',
	'juillet',
	'août',
	'septembre',
	'octobre',
	'novembre',
	'décembre'
];

function parts(iso: string): { y: number; m: number; d: number } {
	const [y, m, d] = iso.split('-').map(Number);
	return { y, m, d };
}

/** The one date formatter: a date at its precision, in French ("T4 2023", "S1 2024", "septembre 2023"). */
export function formatPreciseDate(
	iso: string | null | undefined,
	precision: string | null = 'day'
): string {
	if (!iso) return 'non renseigné';
	const { y, m, d } = parts(iso);
	switch (precision) {
		case 'year':
			return String(y);
		case 'semester':
			return `S${m <= 6 ? 1 : 2} ${y}`;
		case 'quarter':
			return `T${Math.floor((m - 1) / 3) + 1} ${y}`;
		case 'month':
			return `${MONTHS[m - 1]} ${y}`;
		default:
			return `${d === 1 ? '1er' : d} ${MONTHS[m - 1]} ${y}`;
	}
}

/** Long form for screen readers and reports: "4e trimestre 2023". */
export function describePreciseDate(
	iso: string | null | undefined,
	precision: string | null = 'day'
): string {
	if (!iso) return 'non renseigné';
	const { y, m } = parts(iso);
	if (precision === 'quarter') {
		const q = Math.floor((m - 1) / 3) + 1;
		return `${q === 1 ? '1er' : `${q}e`} trimestre ${y}`;
	}
	if (precision === 'semester') return `${m <= 6 ? '1er' : '2d'} semestre ${y}`;
	return formatPreciseDate(iso, precision);
}

/** First day of the period that contains the date, at that precision. */
export function periodStart(iso: string, precision: string): string {
	const { y, m } = parts(iso);
	const month = {
		year: 1,
		semester: m <= 6 ? 1 : 7,
		quarter: Math.floor((m - 1) / 3) * 3 + 1,
		month: m
	}[precision as Exclude<Precision, 'day'>];
	if (month === undefined) return iso;
	return `${y}-${String(month).padStart(2, '0')}-01`;
}

/** Last day of the period a precise date names: "T4 2023" ends on 2023-12-31. */
export function periodEnd(iso: string, precision: string): string {
	if (precision === 'day') return iso;
	const { y, m } = parts(periodStart(iso, precision));
	const span =
		{ year: 12, semester: 6, quarter: 3, month: 1 }[precision as Exclude<Precision, 'day'>] ?? 0;
	const end = new Date(Date.UTC(y, m - 1 + span, 0));
	return end.toISOString().slice(0, 10);
}

/** Whole months from one date to another (positive when `to` is later). */
export function monthsBetween(from: string, to: string): number {
	const a = parts(from);
	const b = parts(to);
	return (b.y - a.y) * 12 + (b.m - a.m);
}

/** Today as an ISO date in Paris time. */
// Formatters are built once: building one costs far more than formatting with it.
const parisIsoDate = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' });
const parisTimestamp = new Intl.DateTimeFormat('fr-FR', {
	dateStyle: 'long',
	timeStyle: 'short',
	timeZone: 'Europe/Paris'
});

export function todayIso(now = new Date()): string {
	return parisIsoDate.format(now);
}

/** A timestamp in French: "22 mars 2024 à 11:30"; a bare date (midnight UTC, as seeded from a document) shows as "22 mars 2024". */
export function formatTimestamp(iso: string): string {
	if (iso.endsWith('T00:00:00.000Z')) return formatPreciseDate(iso.slice(0, 10), 'day');
	return parisTimestamp.format(new Date(iso));
}

/** A period between two precise dates: "2023 – 2025". */
export function formatPeriod(
	start: string | null,
	startPrecision: string | null,
	end: string | null,
	endPrecision: string | null
): string {
	if (!start && !end) return 'non renseignée';
	if (!end) return `depuis ${formatPreciseDate(start, startPrecision)}`;
	if (!start) return `jusqu'à ${formatPreciseDate(end, endPrecision)}`;
	return `${formatPreciseDate(start, startPrecision)} – ${formatPreciseDate(end, endPrecision)}`;
}

/** Plain words for residents: "d'octobre à décembre 2023", "en septembre 2023", "en 2025". */
export function describePeriodPlain(
	iso: string | null | undefined,
	precision: string | null = 'day'
): string {
	if (!iso) return 'date non renseignée';
	const { y, m } = parts(periodStart(iso, precision ?? 'day'));
	const span = { quarter: 3, semester: 6 }[precision as 'quarter' | 'semester'];
	if (span) {
		const first = MONTHS[m - 1];
		const last = MONTHS[m - 1 + span - 1];
		return `${/^[aeiouéèê]/i.test(first) ? "d'" : 'de '}${first} à ${last} ${y}`;
	}
	if (precision === 'month') return `en ${MONTHS[m - 1]} ${y}`;
	if (precision === 'year') return `en ${y}`;
	return `le ${formatPreciseDate(iso, 'day')}`;
}

/**
 * A stored date as precise as it is known, for data exchange: "2030" (year), "2024-S1", "2023-T4",
 * "2026-06" (month), "2026-06-15" (day). Never the first day of a period passed off as a day.
 */
export function preciseIso(date: string | null, precision: string | null): string | null {
	if (!date) return null;
	const [y, m] = [date.slice(0, 4), Number(date.slice(5, 7))];
	switch (precision) {
		case 'year':
			return y;
		case 'semester':
			return `${y}-S${m <= 6 ? 1 : 2}`;
		case 'quarter':
			return `${y}-T${Math.ceil(m / 3)}`;
		case 'month':
			return date.slice(0, 7);
		default:
			return date.slice(0, 10);
	}
}
