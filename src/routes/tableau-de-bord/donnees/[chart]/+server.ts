import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { db } from '$lib/server/db/client';
import { buildDashboard } from '$lib/server/dashboard/view';
import { readDashboardParams } from '$lib/server/dashboard/params';
import { writeCsv, csvResponse, eurosCell } from '$lib/server/csv';
import { todayIso } from '$lib/domain/dates';

/** Each dashboard chart's data as CSV, with the same filters as the page. */
export const GET: RequestHandler = ({ params, url }) => {
	const { filter } = readDashboardParams(url);
	const d = buildDashboard(db(), filter, todayIso());
	if (params.chart === 'calendrier') {
		return csvResponse(
			writeCsv(
				['Élément', 'Type', 'Rattachement', 'Début', 'Fin', 'État', 'Échéance dépassée'],
				d.gantt.rows.map((r) => [
					r.label,
					r.kind === 'milestone' ? 'Jalon' : 'Opération',
					r.group,
					r.startText,
					r.endText,
					r.status,
					r.overdue ? 'oui' : 'non'
				])
			),
			'calendrier'
		);
	}
	const chart = Object.values(d.charts).find((c) => c.id === params.chart);
	if (!chart) error(404, { message: 'Ce graphique n’existe pas.' });
	const cell = (v: number) => (chart.unit === 'money' ? eurosCell(v) : v);
	const unit = chart.unit === 'money' ? ' (€)' : '';
	return csvResponse(
		writeCsv(
			[chart.categoryLabel, ...chart.series.map((s) => s.label + unit)],
			chart.labels.map((l, i) => [l, ...chart.series.map((s) => cell(s.values[i]))])
		),
		chart.id
	);
};
