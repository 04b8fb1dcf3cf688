import { error } from '@sveltejs/kit';
import { sql } from 'drizzle-orm';
import type { Actions, PageServerLoad, RequestEvent } from './$types';
import { db } from '$lib/server/db/client';
import { getOperationBySlug, getOperationDetail } from '$lib/server/operations/queries';
import { listFundingLines } from '$lib/server/funding/queries';
import { indicatorsWithValues } from '$lib/server/fiches/queries';
import { linksOf, placesOf } from '$lib/server/links/queries';
import { citationsById } from '$lib/server/citations';
import { referenceFigures } from '$lib/server/reference/queries';
import { checkFundingPlan } from '$lib/domain/funding';
import { subjectFeatures } from '$lib/server/places/features';
import { editingActions, type EditContext } from '$lib/server/editing/form-actions';
import { editData, movablePlaces } from '$lib/server/editing/page-data';
import { operations } from '$lib/server/db/schema';
import { eq } from 'drizzle-orm';
import { relocationAggregates, relocationThreshold } from '$lib/server/relocation/cases';
import { isMasked } from '$lib/domain/disclosure';
import { allowed } from '$lib/server/auth/guard';

/** The operation a request is about, with its tranches, for loading and for every edit. */
function context(slug: string): EditContext {
	const conn = db();
	const op = getOperationBySlug(conn, slug);
	if (!op) error(404, { message: 'Cette opération n’existe pas.' });
	const children = conn
		.select({ id: operations.id })
		.from(operations)
		.where(eq(operations.parentId, op.id))
		.all();
	return {
		kind: 'operation',
		id: op.id,
		programmeId: op.programmeId,
		leadOrganisationId: op.leadOrganisationId,
		family: [op.id, ...children.map((c) => c.id)]
	};
}

export const actions = editingActions((event) =>
	context((event as RequestEvent).params.slug)
) satisfies Actions;

export const load = (({ params, locals }) => {
	const conn = db();
	const found = getOperationBySlug(conn, params.slug);
	if (!found) error(404, { message: 'Cette opération n’existe pas.' });
	const detail = getOperationDetail(conn, found.id)!;
	const funding = listFundingLines(conn, { operationIds: detail.family });
	const plans = [detail.operation, ...detail.children]
		.filter((o) => o.totalCostCents !== null || funding.some((f) => f.operationId === o.id))
		.map((o) => ({
			operationId: o.id,
			name: o.name,
			slug: o.slug,
			total: { cents: o.totalCostCents, tax: o.totalCostTax },
			totalCitationId: o.totalCostCitationId,
			check: checkFundingPlan(
				funding.filter((f) => f.operationId === o.id),
				{ cents: o.totalCostCents, tax: o.totalCostTax }
			)
		}));
	const indicators = indicatorsWithValues(conn, sql`i.operation_id in ${detail.family}`);
	const links = [
		...linksOf(conn, 'operation', found.id),
		...(detail.operation.programmeId
			? linksOf(conn, 'programme', detail.operation.programmeId)
			: [])
	];
	const places = placesOf(conn, [
		...detail.family.map((id) => ({ type: 'operation', id })),
		...detail.buildings.map((b) => ({ type: 'building', id: b.id }))
	]);
	const features = subjectFeatures(
		conn,
		detail.family.map((id) => ({ type: 'operation', id })),
		places.filter((p) => p.kind === 'building').map((p) => p.id)
	);
	const citations = citationsById(conn, [
		detail.operation.statusCitationId,
		...plans.map((p) => p.totalCitationId),
		...detail.milestones.map((m) => m.citationId),
		...funding.map((f) => f.citationId),
		...indicators.flatMap((i) => i.values.map((v) => v.citationId))
	]);
	const edit = editData(conn, locals, context(params.slug));
	const own = placesOf(conn, [
		...detail.family.map((id) => ({ type: 'operation', id })),
		...detail.buildings.map((b) => ({ type: 'building', id: b.id }))
	]);
	const relocation = relocationAggregates(conn, detail.family[0]);
	// Another town's relocation, from the practice sheet: a reference beside ours, never ours.
	const reference = referenceFigures(conn, 'relogement');
	const nationalContext = referenceFigures(conn, 'relogement-contexte');
	return {
		...detail,
		funding,
		plans,
		indicators,
		links,
		places,
		features,
		citations,
		reference: {
			figures: reference,
			context: nationalContext,
			citations: citationsById(
				conn,
				[...reference, ...nationalContext].map((f) => f.citationId)
			)
		},
		edit,
		movable: edit.canEdit ? movablePlaces(own, conn) : [],
		relocation:
			isMasked(relocation.total) ||
			relocation.total > 0 ||
			allowed(locals, 'manage_relocation', { kind: 'relocation_case' })
				? relocation
				: null,
		relocationThreshold: relocationThreshold(),
		relocationTeam: allowed(locals, 'manage_relocation', { kind: 'relocation_case' })
	};
}) satisfies PageServerLoad;
