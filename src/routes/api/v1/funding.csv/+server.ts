import type { RequestHandler } from './$types';
import { db } from '$lib/server/db/client';
import { respond } from '$lib/server/api/respond';
import { fundingOut, FUNDING_COLUMNS } from '$lib/server/api/opendata';

export const GET: RequestHandler = ({ url }) =>
	respond('csv', [...FUNDING_COLUMNS], () => fundingOut(db(), url.searchParams), 'financements');
