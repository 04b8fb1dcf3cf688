import type { PageServerLoad } from './$types';
import { legalPageData } from '$lib/server/legal';

export const load = (({ locals }) => legalPageData(locals)) satisfies PageServerLoad;
