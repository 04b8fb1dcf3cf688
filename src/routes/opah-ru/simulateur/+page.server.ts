import type { PageServerLoad } from './$types';
import { db } from '$lib/server/db/client';
import { runSimulation } from '$lib/server/opah/simulation';
import { activeRules } from '$lib/server/opah/rules';

/** Public page: the form is a GET, so the estimate works without JavaScript and can be shared. */
export const load = (({ url }) => {
	const conn = db();
	const rules = activeRules(conn);
	const asked = url.searchParams.has('works');
	const run = asked ? runSimulation(conn, url.searchParams) : null;
	return {
		values: Object.fromEntries(url.searchParams),
		run,
		steps: rules.steps,
		label: rules.label,
		note: rules.note,
		surfaces: {
			min: rules.rentCeilings[0]?.surfaceM2 ?? 0,
			max: rules.rentCeilings.at(-1)?.surfaceM2 ?? 0
		}
	};
}) satisfies PageServerLoad;
