import { error } from '@sveltejs/kit';
import { sql } from 'drizzle-orm';
import type { PageServerLoad } from './$types';
import { db } from '$lib/server/db/client';
import { getOperationBySlug, getOperationDetail } from '$lib/server/operations/queries';
import { listFundingLines } from '$lib/server/funding/queries';
import { indicatorsWithValues } from '$lib/server/fiches/queries';
import { linksOf, placesOf } from '$lib/server/links/queries';
import { citationsById } from '$lib/server/citations';
import { checkFundingPlan } from '$lib/domain/funding';
import { subjectFeatures } from '$lib/server/places/features';

export const load = (({ params }) => {
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
		...(detail.operation.programmeId ? linksOf(conn, 'programme', detail.operation.programmeId) : [])
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
	return { ...detail, funding, plans, indicators, links, places, features, citations };
}) satisfies PageServerLoad;
