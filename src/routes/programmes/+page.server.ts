import type { PageServerLoad } from './$types';
import { db } from '$lib/server/db/client';
import { listProgrammes, countProgrammes } from '$lib/server/programmes/queries';

const PER_PAGE = 50;

export const load = (({ url }) => {
	const conn = db();
	const total = countProgrammes(conn);
	const pages = Math.max(1, Math.ceil(total / PER_PAGE));
	const page = Math.min(pages, Math.max(1, Number(url.searchParams.get('page')) || 1));
	return {
		programmes: listProgrammes(conn, { limit: PER_PAGE, offset: (page - 1) * PER_PAGE }),
		page,
		pages,
		total
	};
}) satisfies PageServerLoad;
