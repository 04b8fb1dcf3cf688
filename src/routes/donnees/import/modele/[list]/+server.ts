import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { db } from '$lib/server/db/client';
import { authorize } from '$lib/server/auth/guard';
import { importColumns, IMPORT_LISTS, type ImportList } from '$lib/server/imports/apply';
import { tablesToXlsx, XLSX_TYPE } from '$lib/server/exports/formats';

/** An empty workbook with the import's columns. */
export const GET: RequestHandler = async ({ params, locals }) => {
	authorize(locals, 'read', { kind: 'site' });
	if (!IMPORT_LISTS.includes(params.list as ImportList)) error(404, { message: 'Modèle inconnu.' });
	const columns = importColumns(db(), params.list as ImportList);
	const xlsx = await tablesToXlsx([{ name: params.list, columns, rows: [] }]);
	return new Response(new Uint8Array(xlsx), {
		headers: {
			'content-type': XLSX_TYPE,
			'content-disposition': `attachment; filename="modele-${params.list}.xlsx"`
		}
	});
};
