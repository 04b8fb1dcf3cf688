import type { PageServerLoad } from './$types';
import { db } from '$lib/server/db/client';
import {
	countProgrammes,
	getProgrammeBySlug,
	listAxes,
	listProgrammes,
	programmeChoices
} from '$lib/server/programmes/queries';
import { buildDashboard } from '$lib/server/dashboard/view';
import { changesSince } from '$lib/server/dashboard/changes';
import { allowed } from '$lib/server/auth/guard';
import { listDecisions } from '$lib/server/dashboard/decisions';
import { funderOptions } from '$lib/server/dashboard/queries';
import { dashboardView } from '$lib/server/dashboard/params';
import { todayIso } from '$lib/domain/dates';
import { memo } from '$lib/server/cache';

const COVER_PROGRAMMES = 12;

/** The council report: the dashboard's figures, tables and charts for a programme (or all), printable. */
export const load = (({ url, locals }) => {
	const conn = db();
	const today = todayIso();
	const names = allowed(locals, 'read_internal', { kind: 'site' });
	const { filter, since, key, echo, filterError } = dashboardView(url, 'rapport', names, today);
	// Kept until the next write, like the dashboard's (the report reads the same summary): only the
	// time of this edition is the reader's own.
	const report = memo(conn, key, () => {
		const programme = filter.programme ? getProgrammeBySlug(conn, filter.programme) : undefined;
		const choices = programmeChoices(conn);
		return {
			...echo,
			programme: programme ? { name: programme.name, slug: programme.slug } : null,
			// The cover names the programmes reported on and their periods (the first few when all are).
			covered: (programme ? [programme] : listProgrammes(conn, { limit: COVER_PROGRAMMES })).map(
				(p) => ({
					name: p.name,
					slug: p.slug,
					startDate: p.startDate,
					startPrecision: p.startPrecision,
					endDate: p.endDate,
					endPrecision: p.endPrecision
				})
			),
			programmeTotal: programme ? 1 : countProgrammes(conn),
			dashboard: buildDashboard(conn, filter, today),
			changes: changesSince(conn, since, filter.programme, 50, names, false),
			// The cover says what this edition holds: authors' names only for those who may read them.
			names,
			decisions: listDecisions(conn, { programme: filter.programme, since }),
			programmes: choices.options,
			manyProgrammes: choices.many,
			funders: funderOptions(conn),
			axes: programme ? listAxes(conn, programme.id) : []
		};
	});
	return { ...report, filterError, producedAt: new Date().toISOString() };
}) satisfies PageServerLoad;
