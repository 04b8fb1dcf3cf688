import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { db } from '$lib/server/db/client';
import { getOperationBySlug, getOperationDetail } from '$lib/server/operations/queries';
import { placesOf } from '$lib/server/links/queries';
import { subjectFeatures } from '$lib/server/places/features';
import { todayIso } from '$lib/domain/dates';
import { workPhase } from '$lib/domain/calendar';
import { citationsById } from '$lib/server/citations';
import { operatorSettings } from '$lib/server/site';

/** The residents' notice: works by building and when, with no budget and no internal note. */
export const load = (({ params, locals }) => {
	const conn = db();
	const found = getOperationBySlug(conn, params.slug);
	if (!found) error(404, { message: 'Cette opération n’existe pas.' });
	const d = getOperationDetail(conn, found.id)!;
	if (d.workItems.length === 0)
		error(404, { message: 'Aucun calendrier de travaux n’est publié pour cette opération.' });
	const today = todayIso();
	const steps = d.milestones
		.filter((m) => d.workItems.some((w) => w.milestoneId === m.id))
		.map((m) => ({
			id: m.id,
			citationId: m.citationId,
			plannedDate: m.plannedDate,
			plannedPrecision: m.plannedPrecision,
			phase: workPhase(m, today)
		}));
	const group = (buildingId: number | null) =>
		steps
			.map((s) => ({
				...s,
				works: d.workItems
					.filter((w) => w.milestoneId === s.id && w.buildingId === buildingId)
					.map((w) => ({
						label: w.label,
						// a building the document's layout implies, without naming it
						inferredBuilding: (w.inferredFields ?? []).includes('building')
					}))
			}))
			.filter((s) => s.works.length > 0);
	const places = placesOf(
		conn,
		d.buildings.map((b) => ({ type: 'building', id: b.id }))
	);
	// The last time a person confirmed these dates (the initial import of the documents is none).
	const confirmed = d.milestones
		.filter((m) => steps.some((s) => s.id === m.id))
		.map((m) => m.confirmedAt)
		.filter((c): c is string => Boolean(c))
		.sort()
		.at(-1);
	return {
		operation: { name: d.operation.name, slug: d.operation.slug, leadName: d.lead?.name ?? null },
		// Who residents can ask: settings only the operator knows ("à compléter" to admins until set).
		contacts: {
			landlord: operatorSettings().landlordContact,
			operator: operatorSettings().operatorContact
		},
		isAdmin: locals.user?.role === 'admin',
		today,
		confirmedOn: confirmed?.slice(0, 10) ?? null,
		// Each step keeps the words of the document it comes from.
		citations: citationsById(
			conn,
			steps.map((s) => s.citationId)
		),
		site: group(null),
		buildings: d.buildings.map((b) => ({ code: b.code, name: b.name, steps: group(b.id) })),
		features: subjectFeatures(
			conn,
			[],
			places.map((p) => p.id)
		)
	};
}) satisfies PageServerLoad;
