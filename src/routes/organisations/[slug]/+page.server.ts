import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { db } from '$lib/server/db/client';
import { getOrganisationBySlug, organisationRoles } from '$lib/server/organisations/queries';
import { listFundingLines } from '$lib/server/funding/queries';
import { citationsById } from '$lib/server/citations';
import { subjectFeatures } from '$lib/server/places/features';

export const load = (({ params }) => {
	const conn = db();
	const organisation = getOrganisationBySlug(conn, params.slug);
	if (!organisation) error(404, { message: 'Cette organisation n’existe pas.' });
	const { roles, led, envelopes } = organisationRoles(conn, organisation.id);
	const funding = listFundingLines(conn, { organisationId: organisation.id });
	const subjects = [
		...led.map((l) => ({ type: l.type, id: l.id })),
		...funding.flatMap((f) => [
			...(f.actionId ? [{ type: 'action', id: f.actionId }] : []),
			...(f.operationId ? [{ type: 'operation', id: f.operationId }] : [])
		])
	];
	const features = subjectFeatures(conn, subjects);
	const citations = citationsById(conn, [
		...roles.map((r) => r.citationId),
		...funding.map((f) => f.citationId),
		...envelopes.map((e) => e.citationId)
	]);
	return { organisation, roles, led, envelopes, funding, features, citations };
}) satisfies PageServerLoad;
