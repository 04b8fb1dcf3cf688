import type { Db } from '../db';
import { timeline, watchItems, type DashboardFilter } from './queries';
import { dashboardAggregates } from './summary';
import {
	ACTION_STATUS,
	FUNDING_KIND,
	PROGRAMME_KIND,
	STATUS_ORDER,
	label
} from '../../domain/labels';
import { formatPreciseDate, periodEnd, periodStart } from '../../domain/dates';
import { isOverdue } from '../../domain/milestones';
import type { ChartData, GanttData } from '../../domain/charts';
import { countOf } from '../../domain/numbers';
import { memo } from '../cache';

/**
 * Every figure and chart of the dashboard and the council report, from one set of aggregate queries,
 * kept until the next write per filter and day: the dashboard of each reader and the report of the
 * same filter share it (national bench: after a write, three computations per thread became one).
 */
export function buildDashboard(db: Db, filter: DashboardFilter, today: string): Dashboard {
	const { programme, programmeIds, axis, funder, from, to } = filter;
	const key = `dashboard|${JSON.stringify([today, programme, programmeIds, axis, funder, from, to])}`;
	return memo(db, key, () => computeDashboard(db, filter, today));
}

function computeDashboard(db: Db, filter: DashboardFilter, today: string) {
	const agg = dashboardAggregates(db, filter, today);
	const { status, byFunder, byKind, byYear, totals, milestones, doneOverTime } = agg;
	const statusRows = status.rows;

	const statusCounts: Record<string, number> = {};
	for (const r of statusRows) statusCounts[r.status] = (statusCounts[r.status] ?? 0) + r.n;
	const actionCount = Object.values(statusCounts).reduce((s, n) => s + n, 0);

	// A handful of programmes are shown axis by axis; a national set is grouped by kind of programme.
	const programmeCount = status.programmes;
	const groupByKind = status.byKind;
	const keyOf = (r: (typeof statusRows)[number]) =>
		groupByKind ? r.kind : `${r.programme}|${r.axisCode ?? ''}`;
	const axisKeys = [...new Set(statusRows.map(keyOf))];
	const axisLabel = (key: string) => {
		const r = statusRows.find((x) => keyOf(x) === key)!;
		if (groupByKind)
			return `${label(PROGRAMME_KIND, r.kind)} (${status.programmesOfKind?.[r.kind] ?? 0} programmes)`;
		const axis = r.axisCode ? `${r.axisCode} – ${r.axisTitle}` : 'Sans axe';
		return programmeCount > 1 ? `${r.programmeName} · ${axis}` : axis;
	};
	const statuses = STATUS_ORDER.filter((s) => statusCounts[s]);

	const statusAxis: ChartData = {
		id: 'actions-etat-axe',
		title: 'Actions par état et par axe',
		description: `${countOf(actionCount, 'action répartie', { plural: 'actions réparties' })} par axe, empilées par état.`,
		kind: 'bar',
		unit: 'count',
		stacked: true,
		horizontal: true,
		categoryLabel: groupByKind ? 'Type de programme' : 'Axe',
		labels: axisKeys.map(axisLabel),
		series: statuses.map((s) => ({
			key: s,
			label: label(ACTION_STATUS, s),
			values: axisKeys.map((k) =>
				statusRows.filter((r) => keyOf(r) === k && r.status === s).reduce((n, r) => n + r.n, 0)
			)
		}))
	};
	const funders: ChartData = {
		id: 'financements-financeur',
		title: 'Financements par financeur',
		description: 'Montant inscrit, engagé et versé par financeur.',
		kind: 'bar',
		unit: 'money',
		horizontal: true,
		categoryLabel: 'Financeur',
		labels: byFunder.map((r) => r.label),
		series: [
			{ key: 'amount', label: 'Inscrit', values: byFunder.map((r) => r.amountCents) },
			{ key: 'committed', label: 'Engagé', values: byFunder.map((r) => r.committedCents) },
			{ key: 'paid', label: 'Versé', values: byFunder.map((r) => r.paidCents) }
		]
	};
	const kinds: ChartData = {
		id: 'financements-nature',
		title: 'Financements par nature',
		description: 'Subventions, prêts, fonds propres.',
		kind: 'bar',
		unit: 'money',
		categoryLabel: 'Nature',
		labels: byKind.map((r) => label(FUNDING_KIND, r.key)),
		series: [{ key: 'amount', label: 'Inscrit', values: byKind.map((r) => r.amountCents) }]
	};
	const years: ChartData = {
		id: 'engage-verse-annee',
		title: 'Engagé et versé par année',
		description: "Montants engagés par année d'engagement et versés par année de versement.",
		kind: 'bar',
		unit: 'money',
		categoryLabel: 'Année',
		labels: byYear.map((r) => r.year),
		series: [
			{ key: 'committed', label: 'Engagé', values: byYear.map((r) => r.committedCents) },
			{ key: 'paid', label: 'Versé', values: byYear.map((r) => r.paidCents) }
		]
	};
	const progress: ChartData = {
		id: 'jalons-realises',
		title: 'Avancement dans le temps : jalons réalisés',
		description: 'Nombre cumulé de jalons réalisés, par trimestre de réalisation.',
		kind: 'line',
		unit: 'count',
		categoryLabel: 'Trimestre',
		labels: doneOverTime.map((r) => r.period.replace(/^(\d{4})-T(\d)$/, 'T$2 $1')),
		series: [
			{
				key: 'cumulative',
				label: 'Jalons réalisés (cumul)',
				values: doneOverTime.map((r) => r.cumulative)
			},
			{ key: 'done', label: 'Réalisés dans le trimestre', values: doneOverTime.map((r) => r.done) }
		]
	};
	const gantt: GanttData = {
		id: 'calendrier',
		title: 'Calendrier des opérations et des jalons',
		description:
			'Chaque barre couvre toute la période prévue : un trimestre est une bande de trois mois, pas un jour.',
		rows: timeline(db, filter, today)
			.filter(
				(r) =>
					(!filter.from || Number(periodEnd(r.end, r.endPrecision).slice(0, 4)) >= filter.from) &&
					(!filter.to || Number(r.start.slice(0, 4)) <= filter.to)
			)
			.map((r) => ({
				kind: r.kind,
				label: r.label,
				group: r.group,
				start: periodStart(r.start, r.startPrecision),
				end: periodEnd(r.end, r.endPrecision),
				startText: formatPreciseDate(r.start, r.startPrecision),
				endText: formatPreciseDate(r.end, r.endPrecision),
				status: r.status,
				overdue:
					r.kind === 'milestone' &&
					isOverdue(
						{ plannedDate: r.start, plannedPrecision: r.startPrecision, status: r.status },
						today
					),
				href: r.href
			}))
	};

	return {
		kpis: { actionCount, statusCounts, milestones, totals },
		byFunder,
		byKind,
		charts: { statusAxis, funders, kinds, years, progress },
		gantt,
		watch: watchItems(db, agg)
	};
}

export type Dashboard = ReturnType<typeof computeDashboard>;
