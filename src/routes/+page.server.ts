import type { PageServerLoad } from './$types';
import { db } from '$lib/server/db/client';
import { listProgrammes, statusCountsByProgramme, upcomingByProgramme } from '$lib/server/programmes/queries';
import { todayIso } from '$lib/domain/dates';

export const load = (() => {
	const conn = db();
	const today = todayIso();
	const programmes = listProgrammes(conn);
	const statuses = statusCountsByProgramme(conn);
	const { upcoming, overdue } = upcomingByProgramme(conn, today);
	return {
		today,
		programmes: programmes.map((p) => ({
			...p,
			statusCounts: statuses.get(p.id) ?? {},
			upcoming: upcoming.get(p.id) ?? [],
			overdue: overdue.get(p.id) ?? 0
		}))
	};
}) satisfies PageServerLoad;
