import type { RequestHandler } from './$types';
import { db } from '$lib/server/db/client';
import { respond } from '$lib/server/api/respond';
import { programmesOut, PROGRAMME_COLUMNS } from '$lib/server/api/opendata';

export const GET: RequestHandler = () =>
	respond('csv', [...PROGRAMME_COLUMNS], () => programmesOut(db()), 'programmes');
