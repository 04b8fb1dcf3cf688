import { error, type RequestEvent } from '@sveltejs/kit';
import { eq, sql } from 'drizzle-orm';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/db/client';
import { operations, buildings } from '$lib/server/db/schema';
import { authorize } from '$lib/server/auth/guard';
import { getOperationBySlug } from '$lib/server/operations/queries';
import {
	caseSchema,
	caseUpdateSchema,
	createCase,
	updateCase,
	listCases,
	relocationAggregates,
	relocationThreshold
} from '$lib/server/relocation/cases';
import { runForm } from '$lib/server/forms/run';

function context(slug: string) {
	const conn = db();
	const op = getOperationBySlug(conn, slug);
	if (!op) error(404, { message: 'Cette opération n’existe pas.' });
	const family = [
		op.id,
		...conn
			.select({ id: operations.id })
			.from(operations)
			.where(eq(operations.parentId, op.id))
			.all()
			.map((o) => o.id)
	];
	return { op, family };
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
		stats: relocationAggregates(conn, [op.id]),
		threshold: relocationThreshold(),
		buildings: conn
			.select({ code: buildings.code })
			.from(buildings)
			.where(sql`${buildings.operationId} in ${family}`)
			.all()
			.map((b) => b.code),
		landlords: conn.all<{ slug: string; name: string }>(
			sql`select slug, short_name as name from organisations where type in ('social_landlord', 'commune', 'epci') order by short_name`
		)
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
