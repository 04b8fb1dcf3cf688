import { createHash } from 'node:crypto';
import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { db } from '$lib/server/db/client';
import { mapFeatures } from '$lib/server/places/features';
import { getProgrammeBySlug } from '$lib/server/programmes/queries';
import { mapFilterSchema, queryObject, describeQueryError } from '$lib/schemas/filters';

/** Places as GeoJSON, filterable like the map page; revalidated with an ETag so edits show at once. */
export const GET: RequestHandler = ({ url, request }) => {
	const parsed = mapFilterSchema.safeParse(queryObject(url.searchParams));
	if (!parsed.success)
		return json(
			{ error: { status: 400, message: describeQueryError(parsed.error) } },
			{ status: 400 }
		);
	const conn = db();
	if (parsed.data.programme && !getProgrammeBySlug(conn, parsed.data.programme)) {
		return json(
			{ error: { status: 404, message: `Programme inconnu : « ${parsed.data.programme} ».` } },
			{ status: 404 }
		);
	}
	const body = JSON.stringify(mapFeatures(conn, parsed.data));
	const etag = `"${createHash('sha1').update(body).digest('base64url')}"`;
	const headers = {
		etag,
		'cache-control': 'public, max-age=0, must-revalidate',
		'access-control-allow-origin': '*'
	};
	if (request.headers.get('if-none-match') === etag)
		return new Response(null, { status: 304, headers });
	return new Response(body, {
		headers: { ...headers, 'content-type': 'application/geo+json; charset=utf-8' }
	});
};
