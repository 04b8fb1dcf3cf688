import { error, type RequestEvent } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/db/client';
import { authorize } from '$lib/server/auth/guard';
import {
	caseSchema,
	caseUpdateSchema,
	createCase,
	updateCase,
	listCases,
	relocationTeamStats,
	relocationThreshold,
	operationFamily,
	buildingCodes,
	landlordChoices
} from '$lib/server/relocation/cases';
import { runForm } from '$lib/server/forms/run';
import { referenceFigures } from '$lib/server/reference/queries';
import { citationsById } from '$lib/server/citations';

function context(slug: string) {
	const family = operationFamily(db(), slug);
	if (!family) error(404, { message: 'Cette opération n’existe pas.' });
	return family;
}

const actor = (e: RequestEvent) => ({
	id: e.locals.user?.id ?? null,
	name: e.locals.user?.name ?? 'anonyme'
});

export const load = (({ params, locals }) => {
	authorize(locals, 'manage_relocation', { kind: 'relocation_case' });
	const { op, family } = context(params.slug);
	const conn = db();
	return {
		operation: { name: op.name, slug: op.slug, id: op.id },
		cases: listCases(conn, [op.id], { id: locals.user!.id, name: locals.user!.name }),
		stats: relocationTeamStats(conn, [op.id]),
		threshold: relocationThreshold(),
		buildings: buildingCodes(conn, family),
		landlords: landlordChoices(conn),
		reference: (() => {
			const figures = referenceFigures(conn, 'relogement');
			return {
				figures,
				citations: citationsById(
					conn,
					figures.map((f) => f.citationId)
				)
			};
		})()
	};
}) satisfies PageServerLoad;

/** The relocation team's writes; an update is refused (404) for a case of another operation. */
function save(event: RequestEvent, create: boolean) {
	authorize(event.locals, 'manage_relocation', { kind: 'relocation_case' });
	const { op, family } = context(event.params.slug!);
	if (create)
		return runForm(event, {
			form: 'new',
			schema: caseSchema,
			authorize: () => undefined,
			exec: (d) => createCase(db(), op.id, family, d, actor(event))
		});
	return runForm(event, {
		form: (b) => `case-${typeof b.id === 'string' ? b.id : ''}`,
		schema: caseUpdateSchema,
		authorize: () => undefined,
		exec: ({ id, version, ...fields }) =>
			updateCase(db(), id, version, family, fields, actor(event))
	});
}

export const actions = {
	create: async (event) => save(event, true),
	update: async (event) => save(event, false)
} satisfies Actions;
