import type { PageServerLoad } from './$types';
import { db } from '$lib/server/db/client';
import { listProgrammes } from '$lib/server/programmes/queries';

export const load = (() => ({ programmes: listProgrammes(db()) })) satisfies PageServerLoad;
