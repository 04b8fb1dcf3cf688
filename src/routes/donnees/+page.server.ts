import type { PageServerLoad } from './$types';
import { db } from '$lib/server/db/client';
import { programmeOptions } from '$lib/server/programmes/queries';
import { plansToCheck } from '$lib/server/funding/plans';
import { scdlSubsidies } from '$lib/server/exports/scdl';

export const load = (() => {
	const conn = db();
	return {
		programmes: programmeOptions(conn).map((p) => ({ slug: p.slug, name: p.shortName })),
		plans: plansToCheck(conn),
		scdl: scdlSubsidies(conn)
	};
}) satisfies PageServerLoad;
