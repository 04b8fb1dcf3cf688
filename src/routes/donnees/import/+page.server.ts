import { fail } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/db/client';
import { authorize, allowed } from '$lib/server/auth/guard';
import { readSpreadsheet, type RawRow } from '$lib/server/imports/read';
import { importRows, importColumns, IMPORT_LISTS, type ImportList } from '$lib/server/imports/apply';

const MAX_BYTES = 5 * 1024 * 1024;
const listSchema = z.enum(IMPORT_LISTS as [ImportList, ...ImportList[]], { errorMap: () => ({ message: 'Choisissez le type de données.' }) });

export const load = (({ locals }) => {
	authorize(locals, 'import', { kind: 'site' });
	return { lists: IMPORT_LISTS };
}) satisfies PageServerLoad;

const actor = (l: App.Locals) => ({ id: l.user!.id, name: l.user!.name });
const editable = (locals: App.Locals) => (programmeId: number) => allowed(locals, 'edit', { kind: 'action', programmeId });

export const actions = {
	/** Reads the file and checks every row: nothing is written. */
	preview: async ({ request, locals }) => {
		authorize(locals, 'import', { kind: 'site' });
		const form = await request.formData();
		const list = listSchema.safeParse(form.get('list'));
		if (!list.success) return fail(400, { message: list.error.issues[0].message });
		const file = form.get('file');
		if (!(file instanceof File) || file.size === 0) return fail(400, { message: 'Choisissez un fichier .xlsx ou .csv.' });
		if (file.size > MAX_BYTES) return fail(400, { message: 'Fichier trop volumineux (5 Mo au plus).' });
		try {
			const { rows, unknownHeaders } = await readSpreadsheet(file.name, Buffer.from(await file.arrayBuffer()), importColumns(db(), list.data));
			const check = importRows(db(), list.data, rows, editable(locals), actor(locals), false);
			return { preview: { list: list.data, fileName: file.name, rows: JSON.stringify(rows), unknownHeaders, ...check } };
		} catch (e) {
			return fail(400, { message: (e as Error).message });
		}
	},
	/** Re-checks the previewed rows and writes them all in one transaction, or none. */
	commit: async ({ request, locals }) => {
		authorize(locals, 'import', { kind: 'site' });
		const form = await request.formData();
		const list = listSchema.safeParse(form.get('list'));
		if (!list.success) return fail(400, { message: list.error.issues[0].message });
		let rows: RawRow[];
		try {
			rows = z.array(z.record(z.string())).max(10_000).parse(JSON.parse(String(form.get('rows') ?? '[]')));
		} catch {
			return fail(400, { message: 'Données d’import illisibles : recommencez la prévisualisation.' });
		}
		const done = importRows(db(), list.data, rows, editable(locals), actor(locals), true);
		if (!done.written) return fail(400, { message: 'Rien n’a été importé : des lignes comportent des erreurs.', preview: { list: list.data, fileName: String(form.get('fileName') ?? ''), rows: JSON.stringify(rows), unknownHeaders: [], ...done } });
		return { imported: done.counts };
	}
} satisfies Actions;
