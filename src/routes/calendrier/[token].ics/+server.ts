import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { db } from '$lib/server/db/client';
import { listDecisions } from '$lib/server/dashboard/decisions';
import {
	buildCalendar,
	feedMilestones,
	feedOwner,
	icsResponse,
	type FeedScope
} from '$lib/server/notifications/calendar';

/**
 * A person's private feed (the token shown on /compte): the milestones of their scope — a project
 * manager's programmes, what a partner's organisation leads, everything for élus and admins — and
 * the decisions of those programmes.
 */
export const GET: RequestHandler = ({ params, url }) => {
	const conn = db();
	const owner = /^[A-Za-z0-9_-]{20,64}$/.test(params.token)
		? feedOwner(conn, params.token)
		: undefined;
	if (!owner) error(404, { message: 'Cette adresse d’agenda n’existe pas ou a été supprimée.' });
	const programmeIds = owner.programmes ? owner.programmes.split(',').map(Number) : [];
	const scope: FeedScope =
		owner.role === 'chef_de_projet'
			? { kind: 'programmes', ids: programmeIds }
			: owner.role === 'partenaire' && owner.organisationId !== null
				? { kind: 'lead', organisationId: owner.organisationId }
				: owner.role === 'partenaire'
					? { kind: 'programmes', ids: [] }
					: { kind: 'all' };
	const decisions =
		scope.kind === 'all'
			? listDecisions(conn)
			: scope.kind === 'programmes'
				? listDecisions(conn, { programmeIds })
				: [];
	return icsResponse(
		buildCalendar(
			'Mes jalons – Programmes urbains',
			url.origin,
			feedMilestones(conn, scope),
			decisions
		),
		'mes-jalons.ics',
		false
	);
};
