import type { PageServerLoad } from './$types';
import { db } from '$lib/server/db/client';
import { runSimulation } from '$lib/server/opah/simulation';
import { activeRules, ruleCitations } from '$lib/server/opah/rules';
import { citationsById } from '$lib/server/citations';
import { referenceFigures } from '$lib/server/reference/queries';

/** Public page: the form is a GET, so the estimate works without JavaScript and can be shared. */
export const load = (({ url }) => {
	const conn = db();
	const rules = activeRules(conn);
	const asked = url.searchParams.has('works');
	const run = asked ? runSimulation(conn, url.searchParams) : null;
	// What the notice says beyond the subsidies the estimate adds up (the tax allowance).
	const otherAids = referenceFigures(conn, 'programme:opah-ru');
	return {
		otherAids,
		otherAidsCitations: citationsById(
			conn,
			otherAids.map((f) => f.citationId)
		),
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
		surfaces: {
			min: rules.rentCeilings[0]?.surfaceM2 ?? 0,
			max: rules.rentCeilings.at(-1)?.surfaceM2 ?? 0
		}
	};
}) satisfies PageServerLoad;
