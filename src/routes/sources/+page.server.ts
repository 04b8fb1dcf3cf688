import type { PageServerLoad } from './$types';
import { db } from '$lib/server/db/client';
import { authorize } from '$lib/server/auth/guard';
import { sourceDocuments } from '$lib/server/sources/queries';

export const load = (({ locals }) => {
	authorize(locals, 'read', { kind: 'site' });
	return { documents: sourceDocuments(db()) };
}) satisfies PageServerLoad;
