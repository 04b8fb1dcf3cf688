import type { PageServerLoad } from './$types';
import { db } from '$lib/server/db/client';
import { runSimulation } from '$lib/server/opah/simulation';
import { activeRules, ruleCitations } from '$lib/server/opah/rules';
import { citationsById } from '$lib/server/citations';

/** Public page: the form is a GET, so the estimate works without JavaScript and can be shared. */
export const load = (({ url }) => {
	const conn = db();
	const rules = activeRules(conn);
	const asked = url.searchParams.has('works');
	const run = asked ? runSimulation(conn, url.searchParams) : null;
	return {
		values: Object.fromEntries(url.searchParams),
		run,
		// Each estimate names the notice's own words it applies.
		sources: run?.ok ? ruleCitations(conn, rules.id, url.searchParams.get('works') ?? '') : [],
		steps: rules.steps,
		operator: rules.operator,
		operatorCitation: rules.operatorCitationId
			? (citationsById(conn, [rules.operatorCitationId])[rules.operatorCitationId] ?? null)
			: null,
		label: rules.label,
		note: rules.note,
		surfaces: {
			min: rules.rentCeilings[0]?.surfaceM2 ?? 0,
			max: rules.rentCeilings.at(-1)?.surfaceM2 ?? 0
		}
	};
}) satisfies PageServerLoad;
