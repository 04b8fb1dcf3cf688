/** Chart data as the server computes it: the chart, its table alternative and its CSV share one source. */
export interface ChartSeries {
	key: string;
	label: string;
	values: number[];
}

export interface ChartData {
	id: string;
	title: string;
	description: string;
	kind: 'bar' | 'line';
	unit: 'count' | 'money';
	stacked?: boolean;
	horizontal?: boolean;
	categoryLabel: string;
	labels: string[];
	series: ChartSeries[];
}

export interface GanttRow {
	kind: 'operation' | 'milestone';
	label: string;
	group: string;
	/** ISO first and last day covered: a quarter is a band of three months, not a day */
	start: string;
	end: string;
	startText: string;
	endText: string;
	status: string;
	overdue: boolean;
	href: string;
}

export interface GanttData {
	id: 'calendrier';
	title: string;
	description: string;
	rows: GanttRow[];
}

/**
 * Width a chart is drawn at for paper (the report's A4 column less its card's padding), in CSS pixels.
 */
export const PAPER_WIDTH_PX = 640;

/**
 * The one status palette, used by badges' charts and the timeline: grey for unknown, calm blues and
 * greens for progress, warm only for real problems. Each has at least 4.5:1 contrast on white; a
 * pattern index (see the chart set-up) keeps statuses apart without colour.
 */
export const STATUS_COLOURS: Readonly<Record<string, { colour: string; pattern: number }>> = {
	non_renseigne: { colour: '#5f6670', pattern: 0 },
	programmee: { colour: '#3f6696', pattern: 2 },
	engagee: { colour: '#1d4e89', pattern: 0 },
	premieres_realisations: { colour: '#00616e', pattern: 3 },
	en_cours: { colour: '#00616e', pattern: 0 },
	terminee: { colour: '#1e6b34', pattern: 0 },
	abandonnee: { colour: '#6b3fa0', pattern: 1 },
	// timeline
	operation: { colour: '#1d4e89', pattern: 0 },
	planned: { colour: '#3f6696', pattern: 2 },
	done: { colour: '#1e6b34', pattern: 0 },
	overdue: { colour: '#8a4b00', pattern: 1 }
};

/** Accessible palette: each colour has at least 4.5:1 contrast on white. */
export const SERIES_COLOURS = [
	'#1d4e89',
	'#a4262c',
	'#1e6b34',
	'#6b3fa0',
	'#8a4b00',
	'#00616e',
	'#4a5360',
	'#7a1f5c'
];

/** Decimal year of an ISO date (2023-10-01 → 2023.75), for the timeline's linear axis. */
export function yearFraction(iso: string): number {
	const [y, m, d] = iso.split('-').map(Number);
	const start = Date.UTC(y, 0, 1);
	const end = Date.UTC(y + 1, 0, 1);
	return y + (Date.UTC(y, m - 1, d) - start) / (end - start);
}
