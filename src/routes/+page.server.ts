import type { PageServerLoad } from './$types';
import { db } from '$lib/server/db/client';
import {
	countProgrammes,
	programmeChoices,
	programmeCards,
	getProgrammeBySlug,
	listAxes
} from '$lib/server/programmes/queries';
import { buildDashboard } from '$lib/server/dashboard/view';
import { changesSince } from '$lib/server/dashboard/changes';
import { allowed } from '$lib/server/auth/guard';
import { listDecisions } from '$lib/server/dashboard/decisions';
import { funderOptions } from '$lib/server/dashboard/queries';
import { dashboardView } from '$lib/server/dashboard/params';
import { opahProgress } from '$lib/server/opah/pipeline';
import { relocationAggregates, relocationThreshold } from '$lib/server/relocation/cases';
import { memo } from '$lib/server/cache';
import { todayIso } from '$lib/domain/dates';

const CARDS = 12;

export const load = (({ url, locals }) => {
	const conn = db();
	const today = todayIso();
	// Who changed what: names for staff, a role or an organisation for everyone else.
	const names = allowed(locals, 'read_internal', { kind: 'site' });
	const { filter, since, key, echo, filterError } = dashboardView(url, 'home', names, today);
	// The cards are kept by their programmes' versions; the rest once per data version (the national
	// figures themselves come from the summary, kept by programme).
	const programmes = programmeCards(conn, today, CARDS);
	const kept = memo(conn, key, () => {
		const programme = filter.programme ? getProgrammeBySlug(conn, filter.programme) : undefined;
		const choices = programmeChoices(conn);
		return {
			...echo,
			dashboard: buildDashboard(conn, filter, today),
			changes: changesSince(conn, since, filter.programme, 20, names),
			decisions: listDecisions(conn, { programme: filter.programme }),
			funders: funderOptions(conn),
			relocation: relocationAggregates(conn, 'all'),
			relocationThreshold: relocationThreshold(),
			opah:
				!filter.programme || ['action-coeur-de-ville', 'opah-ru'].includes(filter.programme)
					? opahProgress(conn)
					: null,
			axes: programme ? listAxes(conn, programme.id) : [],
			programmeOptions: choices.options,
			manyProgrammes: choices.many,
			programmeTotal: countProgrammes(conn)
		};
	});
	// A filter error repeats what this reader typed: theirs only, never kept for the next reader.
	return { ...kept, programmes, filterError };
}) satisfies PageServerLoad;
