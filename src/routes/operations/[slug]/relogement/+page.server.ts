import { error, fail, type RequestEvent } from '@sveltejs/kit';
import { eq, sql } from 'drizzle-orm';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/db/client';
import { operations, buildings } from '$lib/server/db/schema';
import { authorize } from '$lib/server/auth/guard';
import { getOperationBySlug } from '$lib/server/operations/queries';
import { caseSchema, caseUpdateSchema, createCase, updateCase, listCases, relocationAggregates, relocationThreshold } from '$lib/server/relocation/cases';
import { fieldErrors } from '$lib/schemas/editing';
import { FieldError, ConflictError } from '$lib/server/editing/errors';

function context(slug: string) {
	const conn = db();
	const op = getOperationBySlug(conn, slug);
	if (!op) error(404, { message: 'Cette opération n’existe pas.' });
	const family = [op.id, ...conn.select({ id: operations.id }).from(operations).where(eq(operations.parentId, op.id)).all().map((o) => o.id)];
	return { op, family };
}

const actor = (e: RequestEvent) => ({ id: e.locals.user?.id ?? null, name: e.locals.user?.name ?? 'anonyme' });

export const load = (({ params, locals }) => {
	authorize(locals, 'manage_relocation', { kind: 'relocation_case' });
	const { op, family } = context(params.slug);
	const conn = db();
	return {
		operation: { name: op.name, slug: op.slug, id: op.id },
		cases: listCases(conn, [op.id], { id: locals.user!.id, name: locals.user!.name }),
		stats: relocationAggregates(conn, [op.id]),
		threshold: relocationThreshold(),
		buildings: conn.select({ code: buildings.code }).from(buildings).where(sql`${buildings.operationId} in ${family}`).all().map((b) => b.code),
		landlords: conn.all<{ slug: string; name: string }>(sql`select slug, short_name as name from organisations where type in ('social_landlord', 'commune', 'epci') order by short_name`)
	};
}) satisfies PageServerLoad;

async function save(event: RequestEvent, create: boolean) {
	authorize(event.locals, 'manage_relocation', { kind: 'relocation_case' });
	const { op, family } = context(event.params.slug!);
	const raw = Object.fromEntries([...(await event.request.formData())].map(([k, v]) => [k, String(v)]));
	const form = create ? 'new' : `case-${raw.id}`;
	const { id: _i, version: _v, ...fields } = raw;
	const parsed = caseSchema.safeParse(fields);
	if (!parsed.success) return fail(400, { form, values: raw, errors: fieldErrors(parsed.error) });
	try {
		if (create) createCase(db(), op.id, family, parsed.data, actor(event));
		else {
			const ids = caseUpdateSchema.parse(raw);
			updateCase(db(), ids.id, ids.version, family, parsed.data, actor(event));
		}
		return { form, saved: true };
	} catch (e) {
		if (e instanceof FieldError) return fail(400, { form, values: raw, errors: e.errors });
		if (e instanceof ConflictError) return fail(409, { form, values: raw, conflict: { changes: e.changes, current: {} } });
		throw e;
	}
}

export const actions = {
	create: async (event) => {
		authorize(event.locals, 'manage_relocation', { kind: 'relocation_case' });
		return save(event, true);
	},
	update: async (event) => {
		authorize(event.locals, 'manage_relocation', { kind: 'relocation_case' });
		return save(event, false);
	}
} satisfies Actions;
