import { error, json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { db } from '$lib/server/db/client';
import { authorize } from '$lib/server/auth/guard';
import { exportList, territoryTables, LISTS, type ListName } from '$lib/server/exports/lists';
import { tableToCsv, tablesToXlsx, XLSX_TYPE } from '$lib/server/exports/formats';
import { scdlSubsidies, scdlCsv } from '$lib/server/exports/scdl';
import { csvResponse } from '$lib/server/csv';
import { mapFeatures } from '$lib/server/places/features';
import { todayIso } from '$lib/domain/dates';

/** Exports of published data: lists (CSV, XLSX) with the programme filter, the whole territory, GeoJSON, SCDL. */
export const GET: RequestHandler = async ({ params, url, locals }) => {
	authorize(locals, 'read', { kind: 'site' });
	const conn = db();
	const programme = url.searchParams.get('programme') || undefined;
	if (programme && !/^[a-z0-9-]{1,80}$/.test(programme))
		error(400, { message: 'Paramètre « programme » invalide.' });
	const [name, ext] = params.file.split('.');
	const stamp = todayIso();
	if (name === 'territoire' && ext === 'xlsx')
		return new Response(new Uint8Array(await tablesToXlsx(territoryTables(conn))), {
			headers: {
				'content-type': XLSX_TYPE,
				'content-disposition': `attachment; filename="grand-cahors-${stamp}.xlsx"`
			}
		});
	if (name === 'territoire' && ext === 'json')
		return json(Object.fromEntries(territoryTables(conn).map((t) => [t.name, t.rows])), {
			headers: { 'content-disposition': `attachment; filename="grand-cahors-${stamp}.json"` }
		});
	if (name === 'lieux' && ext === 'geojson')
		return new Response(JSON.stringify(mapFeatures(conn, { programme })), {
			headers: {
				'content-type': 'application/geo+json',
				'content-disposition': `attachment; filename="lieux-${stamp}.geojson"`
			}
		});
	if (name === 'scdl-subventions' && ext === 'csv') {
		const { rows } = scdlSubsidies(conn);
		return new Response(scdlCsv(rows), {
			headers: {
				'content-type': 'text/csv; charset=utf-8',
				'content-disposition': `attachment; filename="subventions-scdl-${stamp}.csv"`
			}
		});
	}
	if (!LISTS.includes(name as ListName)) error(404, { message: 'Cet export n’existe pas.' });
	const table = exportList(conn, name as ListName, programme);
	const filename = `${name}${programme ? `-${programme}` : ''}-${stamp}`;
	if (ext === 'csv') return csvResponse(tableToCsv(table), filename);
	if (ext === 'xlsx')
		return new Response(new Uint8Array(await tablesToXlsx([table])), {
			headers: {
				'content-type': XLSX_TYPE,
				'content-disposition': `attachment; filename="${filename}.xlsx"`
			}
		});
	error(404, { message: 'Format inconnu : csv ou xlsx.' });
};
