import type { PageServerLoad } from './$types';
import { db } from '$lib/server/db/client';
import { getProgrammeBySlug, listAxes, programmeOptions } from '$lib/server/programmes/queries';
import { buildDashboard } from '$lib/server/dashboard/view';
import { changesSince } from '$lib/server/dashboard/changes';
import { allowed } from '$lib/server/auth/guard';
import { listDecisions } from '$lib/server/dashboard/decisions';
import { funderOptions } from '$lib/server/dashboard/queries';
import { readDashboardParams } from '$lib/server/dashboard/params';
import { todayIso } from '$lib/domain/dates';

/** The council report: the dashboard's figures, tables and charts for a programme (or all), printable. */
export const load = (({ url, locals }) => {
	const conn = db();
	const today = todayIso();
	const { filter, since, query, error } = readDashboardParams(url, today);
	const programme = filter.programme ? getProgrammeBySlug(conn, filter.programme) : undefined;
	return {
		today,
		producedAt: new Date().toISOString(),
		filter,
		since,
		query,
		filterError: error,
		programme: programme ? { name: programme.name, slug: programme.slug } : null,
		dashboard: buildDashboard(conn, filter, today),
		changes: changesSince(
			conn,
			since,
			filter.programme,
			50,
			allowed(locals, 'read_internal', { kind: 'site' })
		),
		decisions: listDecisions(conn, { programme: filter.programme, since }),
		programmes: programmeOptions(conn).length <= 100 ? programmeOptions(conn) : [],
		manyProgrammes: programmeOptions(conn).length > 100,
		funders: funderOptions(conn),
		axes: programme ? listAxes(conn, programme.id) : []
	};
}) satisfies PageServerLoad;
