import { error } from '@sveltejs/kit';
import { z } from 'zod';
import type { PageServerLoad } from './$types';
import { db } from '$lib/server/db/client';
import {
	getProgrammeBySlug,
	listAxes,
	listProgrammeOrganisations,
	listEnvelopes
} from '$lib/server/programmes/queries';
import { listActions, indicatorsWithValues } from '$lib/server/fiches/queries';
import { listOperations } from '$lib/server/operations/queries';
import { listFundingLines } from '$lib/server/funding/queries';
import { linksOf } from '$lib/server/links/queries';
import { citationsById } from '$lib/server/citations';
import { referenceFigures } from '$lib/server/reference/queries';
import { ACTION_STATUS } from '$lib/domain/labels';
import { sql } from 'drizzle-orm';
import { allowed } from '$lib/server/auth/guard';
import { historyOf } from '$lib/server/audit/queries';
import { memo } from '$lib/server/cache';

const filterSchema = z.object({
	axis: z.string().max(20).optional().catch(undefined),
	status: z
		.enum(Object.keys(ACTION_STATUS) as [string, ...string[]])
		.optional()
		.catch(undefined),
	q: z.string().trim().max(200).optional().catch(undefined),
	sort: z.enum(['number', 'title', 'status', 'progress']).optional().catch(undefined)
});

export const load = (({ params, url, locals }) => {
	const conn = db();
	const programme = getProgrammeBySlug(conn, params.slug);
	if (!programme) error(404, { message: 'Ce programme n’existe pas.' });
	const raw = Object.fromEntries([...url.searchParams].filter(([, v]) => v !== ''));
	const filter = filterSchema.parse(raw);
	// History of the programme's actions, for the staff and elected officials who read internal data.
	const internal = allowed(locals, 'read_internal', {
		kind: 'programme',
		programmeId: programme.id
	});
	// Kept until the next write (any audited write): a project manager reads this page again and
	// again between edits, and its history alone read the audit log of every action (4 ms).
	return memo(conn, `programme|${programme.id}|${JSON.stringify(filter)}|${internal}`, () =>
		programmePage(conn, programme, filter, internal)
	);
}) satisfies PageServerLoad;

function programmePage(
	conn: ReturnType<typeof db>,
	programme: NonNullable<ReturnType<typeof getProgrammeBySlug>>,
	filter: z.infer<typeof filterSchema>,
	internal: boolean
) {
	const axes = listAxes(conn, programme.id);
	const actions = listActions(conn, programme.id, filter);
	const allActions = listActions(conn, programme.id);
	const organisations = listProgrammeOrganisations(conn, programme.id);
	const envelopes = listEnvelopes(conn, programme.id);
	const operations = listOperations(conn, programme.id);
	const funding = listFundingLines(conn, { programmeId: programme.id });
	const indicators = indicatorsWithValues(
		conn,
		sql`i.programme_id = ${programme.id} and i.action_id is null and i.operation_id is null`
	);
	const links = linksOf(conn, 'programme', programme.id);
	// The documents' own key figures for this programme (national context, study figures).
	const keyFigures = referenceFigures(conn, `programme:${programme.slug}`);
	const citations = citationsById(conn, [
		programme.citationId,
		...organisations.map((o) => o.citationId),
		...envelopes.map((e) => e.citationId),
		...funding.map((f) => f.citationId),
		...indicators.flatMap((i) => [i.targetCitationId, ...i.values.map((v) => v.citationId)]),
		...keyFigures.map((f) => f.citationId)
	]);
	const history = internal
		? historyOf(
				conn,
				'action',
				allActions.map((a) => a.id),
				100
			)
		: null;
	return {
		programme,
		filter,
		axes,
		actions,
		totalActions: allActions.length,
		organisations,
		envelopes,
		operations,
		funding,
		indicators,
		keyFigures,
		links,
		citations,
		history
	};
}
