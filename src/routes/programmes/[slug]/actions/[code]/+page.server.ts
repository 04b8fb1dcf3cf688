import { error } from '@sveltejs/kit';
import type { Actions, PageServerLoad, RequestEvent } from './$types';
import { db } from '$lib/server/db/client';
import { getProgrammeBySlug } from '$lib/server/programmes/queries';
import { getActionByCode, getActionDetail } from '$lib/server/fiches/queries';
import { listFundingLines } from '$lib/server/funding/queries';
import { linksOf, placesOf } from '$lib/server/links/queries';
import { citationsById } from '$lib/server/citations';
import { subjectFeatures } from '$lib/server/places/features';
import { listDecisions } from '$lib/server/dashboard/decisions';
import { editingActions, type EditContext } from '$lib/server/editing/form-actions';
import { editData, movablePlaces } from '$lib/server/editing/page-data';
import { organisations } from '$lib/server/db/schema';
import { opahProgress } from '$lib/server/opah/pipeline';
import { eq } from 'drizzle-orm';

/** The action a request is about, for loading and for every edit. */
function context(params: { slug: string; code: string }): EditContext {
	const conn = db();
	const programme = getProgrammeBySlug(conn, params.slug);
	const action = programme && getActionByCode(conn, programme.id, params.code);
	if (!programme || !action)
		error(404, { message: 'Cette action n’existe pas dans ce programme.' });
	return {
		kind: 'action',
		id: action.id,
		programmeId: programme.id,
		leadOrganisationId: action.leadOrganisationId,
		family: []
	};
}

export const actions = editingActions((event) =>
	context((event as RequestEvent).params)
) satisfies Actions;

export const load = (({ params, locals }) => {
	const conn = db();
	const programme = getProgrammeBySlug(conn, params.slug);
	if (!programme) error(404, { message: 'Ce programme n’existe pas.' });
	const found = getActionByCode(conn, programme.id, params.code);
	if (!found) error(404, { message: 'Cette action n’existe pas dans ce programme.' });
	const detail = getActionDetail(conn, found.id)!;
	const links = linksOf(conn, 'action', found.id);
	const funding = listFundingLines(conn, { actionId: found.id });
	const linkedOperations = links.filter(
		(l) => l.other.type === 'operation' || l.other.type === 'programme'
	);
	const places = placesOf(conn, [
		{ type: 'action', id: found.id },
		...detail.operations.map((o) => ({ type: 'operation', id: o.id })),
		...linkedOperations.map((l) => ({ type: l.other.type, id: l.other.id }))
	]);
	const mapSubjects = [
		{ type: 'action', id: found.id },
		...detail.operations.map((o) => ({ type: 'operation', id: o.id })),
		...linkedOperations
			.filter((l) => l.other.type === 'operation')
			.map((l) => ({ type: 'operation', id: l.other.id }))
	];
	const features = subjectFeatures(
		conn,
		mapSubjects,
		places.filter((p) => p.kind !== 'site' && p.kind !== 'equipment').map((p) => p.id)
	);
	const citations = citationsById(conn, [
		found.citationId,
		found.statusCitationId,
		...detail.achievements.map((a) => a.citationId),
		...detail.milestones.map((m) => m.citationId),
		...funding.map((f) => f.citationId),
		...detail.indicators.flatMap((i) => [i.targetCitationId, ...i.values.map((v) => v.citationId)])
	]);
	const edit = editData(conn, locals, context(params));
	const leadSlug = found.leadOrganisationId
		? (conn
				.select({ slug: organisations.slug })
				.from(organisations)
				.where(eq(organisations.id, found.leadOrganisationId))
				.get()?.slug ?? null)
		: null;
	return {
		programme,
		...detail,
		funding,
		links,
		places,
		features,
		citations,
		decisions: listDecisions(conn, { actionId: found.id }),
		opah: detail.indicators.some((i) => i.slug === 'acv-logements-opah-ru')
			? opahProgress(conn)
			: null,
		edit,
		leadSlug,
		movable: edit.canEdit
			? movablePlaces(placesOf(conn, [{ type: 'action', id: found.id }]), conn)
			: []
	};
}) satisfies PageServerLoad;
