import { dashboardFilterSchema, describeQueryError, queryObject } from '../../schemas/filters';
import { todayIso } from '../../domain/dates';
import type { DashboardFilter } from './queries';

/** Reads dashboard filters from a URL; a wrong value is dropped and reported, never fatal. */
export function readDashboardParams(url: URL, today = todayIso()) {
	const parsed = dashboardFilterSchema.safeParse(queryObject(url.searchParams));
	const data = parsed.success ? parsed.data : {};
	const filter: DashboardFilter = {
		programme: data.programme,
		axis: data.programme ? data.axis : undefined,
		funder: data.funder,
		from: data.from,
		to: data.to
	};
	const d = new Date(`${today}T00:00:00Z`);
	d.setUTCDate(d.getUTCDate() - 30);
	const since = data.depuis ?? d.toISOString().slice(0, 10);
	const query = new URLSearchParams(
		Object.entries({ ...filter, depuis: data.depuis }).flatMap(([k, v]) =>
			v === undefined ? [] : [[k, String(v)]]
		)
	).toString();
	return { filter, since, query, error: parsed.success ? null : describeQueryError(parsed.error) };
}

/**
 * What the dashboard and the council report read first: the filters, what the page echoes of them,
 * and the key under which each page keeps its data until the next write (per day, valid filters and
 * whether the reader sees authors' names). A filter error repeats what the reader typed: it is the
 * reader's own (`filterError`), never part of what is kept for others.
 */
export function dashboardView(url: URL, page: 'home' | 'rapport', names: boolean, today: string) {
	const { filter, since, query, error } = readDashboardParams(url, today);
	return {
		filter,
		since,
		key: `${page}|${today}|${query}|${names ? 'names' : 'roles'}`,
		echo: { today, filter, since, query },
		filterError: error
	};
}
