import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { db } from '$lib/server/db/client';
import { getProgrammeBySlug } from '$lib/server/programmes/queries';
import { listDecisions } from '$lib/server/dashboard/decisions';
import { buildCalendar, feedMilestones, icsResponse } from '$lib/server/notifications/calendar';

/** A programme's published milestones and steering decisions, for any calendar application. */
export const GET: RequestHandler = ({ params, url }) => {
	const conn = db();
	const programme = getProgrammeBySlug(conn, params.slug);
	if (!programme) error(404, { message: 'Ce programme n’existe pas.' });
	const body = buildCalendar(
		`${programme.shortName ?? programme.name} – jalons`,
		url.origin,
		feedMilestones(conn, { kind: 'programmes', ids: [programme.id] }),
		listDecisions(conn, { programme: programme.slug })
	);
	return icsResponse(body, `${programme.slug}-jalons.ics`, true);
};
