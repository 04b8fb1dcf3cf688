import type { PageServerLoad } from './$types';
import { z } from 'zod';
import { isoDate } from '$lib/schemas/fields';
import { db } from '$lib/server/db/client';
import { authorize } from '$lib/server/auth/guard';
import { auditPage } from '$lib/server/audit/queries';
import { queryObject } from '$lib/schemas/filters';

const filterSchema = z.object({
	entityType: z
		.string()
		.regex(/^[a-z_]{1,40}$/)
		.optional()
		.catch(undefined),
	actor: z.string().trim().max(120).optional().catch(undefined),
	from: isoDate.optional().catch(undefined),
	to: isoDate.optional().catch(undefined),
	page: z.coerce.number().int().min(1).max(100000).optional().catch(undefined)
});

/** The whole append-only log, for administrators; no route edits or deletes it. */
export const load = (({ locals, url }) => {
	authorize(locals, 'read_audit_all', { kind: 'audit' });
	const filter = filterSchema.parse(queryObject(url.searchParams));
	return { filter, ...auditPage(db(), filter) };
}) satisfies PageServerLoad;
