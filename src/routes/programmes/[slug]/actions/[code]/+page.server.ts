import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { db } from '$lib/server/db/client';
import { getProgrammeBySlug } from '$lib/server/programmes/queries';
import { getActionByCode, getActionDetail } from '$lib/server/fiches/queries';
import { listFundingLines } from '$lib/server/funding/queries';
import { linksOf, placesOf } from '$lib/server/links/queries';
import { citationsById } from '$lib/server/citations';
import { subjectFeatures } from '$lib/server/places/features';
import { listDecisions } from '$lib/server/dashboard/decisions';

export const load = (({ params }) => {
	const conn = db();
	const programme = getProgrammeBySlug(conn, params.slug);
	if (!programme) error(404, { message: 'Ce programme n’existe pas.' });
	const found = getActionByCode(conn, programme.id, params.code);
	if (!found) error(404, { message: 'Cette action n’existe pas dans ce programme.' });
	const detail = getActionDetail(conn, found.id)!;
	const links = linksOf(conn, 'action', found.id);
	const funding = listFundingLines(conn, { actionId: found.id });
	const linkedOperations = links.filter((l) => l.other.type === 'operation' || l.other.type === 'programme');
	const places = placesOf(conn, [
		{ type: 'action', id: found.id },
		...detail.operations.map((o) => ({ type: 'operation', id: o.id })),
		...linkedOperations.map((l) => ({ type: l.other.type, id: l.other.id }))
	]);
	const mapSubjects = [
		{ type: 'action', id: found.id },
		...detail.operations.map((o) => ({ type: 'operation', id: o.id })),
		...linkedOperations.filter((l) => l.other.type === 'operation').map((l) => ({ type: 'operation', id: l.other.id }))
	];
	const features = subjectFeatures(conn, mapSubjects, places.filter((p) => p.kind !== 'site' && p.kind !== 'equipment').map((p) => p.id));
	const citations = citationsById(conn, [
		found.citationId,
		found.statusCitationId,
		...detail.achievements.map((a) => a.citationId),
		...detail.milestones.map((m) => m.citationId),
		...funding.map((f) => f.citationId),
		...detail.indicators.flatMap((i) => [i.targetCitationId, ...i.values.map((v) => v.citationId)])
	]);
	return { programme, ...detail, funding, links, places, features, citations, decisions: listDecisions(conn, { actionId: found.id }) };
}) satisfies PageServerLoad;
