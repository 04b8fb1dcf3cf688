import type { RequestHandler } from './$types';
import { db } from '$lib/server/db/client';
import { respond } from '$lib/server/api/respond';
import { actionsOut, ACTION_COLUMNS } from '$lib/server/api/opendata';

export const GET: RequestHandler = ({ params }) =>
	respond(
		'csv',
		[...ACTION_COLUMNS],
		() => actionsOut(db(), params.slug),
		`actions-${params.slug}`
	);
