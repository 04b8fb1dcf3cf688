import type { PageServerLoad } from './$types';
import { db } from '$lib/server/db/client';
import { listOrganisations } from '$lib/server/organisations/queries';

export const load = (() => ({ organisations: listOrganisations(db()) })) satisfies PageServerLoad;
