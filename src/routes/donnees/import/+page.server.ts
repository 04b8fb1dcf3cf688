import { fail } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/db/client';
import { authorize, allowed } from '$lib/server/auth/guard';
import { readSpreadsheet, type RawRow } from '$lib/server/imports/read';
import { parseForm } from '$lib/server/forms/contract';
import { ConflictError } from '$lib/server/editing/errors';
import { LIMITS } from '$lib/domain/limits';
import {
	importRows,
	importColumns,
	IMPORT_LISTS,
	type ImportList
} from '$lib/server/imports/apply';

const MAX_BYTES = 5 * 1024 * 1024;
const listSchema = z.enum(IMPORT_LISTS as [ImportList, ...ImportList[]], {
	error: 'Choisissez le type de données.'
});

export const load = (({ locals }) => {
	authorize(locals, 'import', { kind: 'site' });
	return { lists: IMPORT_LISTS };
}) satisfies PageServerLoad;

const actor = (l: App.Locals) => ({ id: l.user!.id, name: l.user!.name });
const editable = (locals: App.Locals) => (programmeId: number) =>
	allowed(locals, 'edit', { kind: 'action', programmeId });

const previewSchema = z.object({
	list: listSchema,
	file: z.instanceof(File, { error: 'Choisissez un fichier .xlsx ou .csv.' })
});
const commitSchema = z.object({
	list: listSchema,
	rows: z.string().max(MAX_BYTES * 4),
	fileName: z.string().max(255).default(''),
	// Line numbers whose newer changes the user chose to overwrite.
	overwrite: z
		.array(
			z
				.string()
				.regex(/^\d{1,6}$/)
				.transform(Number)
		)
		.max(10_000)
});
const rowsSchema = z.array(z.record(z.string(), z.string().max(LIMITS.maxText * 2))).max(10_000);

/** Every column present in every row, so a file that lacks one is checked, never crashed on. */
const complete = (rows: RawRow[], columns: { key: string }[]): RawRow[] =>
	rows.map((r) =>
		Object.fromEntries(columns.map((c) => [c.key, Object.hasOwn(r, c.key) ? r[c.key] : '']))
	);

export const actions = {
	/** Reads the file and checks every row: nothing is written. */
	preview: async ({ request, locals }) => {
		authorize(locals, 'import', { kind: 'site' });
		const input = await parseForm(request, previewSchema, { files: ['file'] });
		if (!input.ok)
			return fail(400, {
				message: input.errors.list ?? input.errors.file ?? 'Formulaire invalide.'
			});
		const { list, file } = input.data;
		if (file.size === 0) return fail(400, { message: 'Choisissez un fichier .xlsx ou .csv.' });
		if (file.size > MAX_BYTES)
			return fail(400, { message: 'Fichier trop volumineux (5 Mo au plus).' });
		try {
			const columns = importColumns(db(), list);
			const read = await readSpreadsheet(file.name, Buffer.from(await file.arrayBuffer()), columns);
			const rows = complete(read.rows, columns);
			const check = importRows(db(), list, rows, editable(locals), actor(locals), false);
			return {
				preview: {
					list,
					fileName: file.name,
					rows: JSON.stringify(rows),
					unknownHeaders: read.unknownHeaders,
					...check
				}
			};
		} catch (e) {
			return fail(400, { message: (e as Error).message });
		}
	},
	/** Re-checks the previewed rows and writes them all in one transaction, or none. */
	commit: async ({ request, locals }) => {
		authorize(locals, 'import', { kind: 'site' });
		const input = await parseForm(request, commitSchema, { maxFieldLength: MAX_BYTES * 4 });
		if (!input.ok) return fail(400, { message: input.errors.list ?? 'Formulaire invalide.' });
		const { list, fileName, overwrite } = input.data;
		let rows: RawRow[];
		try {
			rows = complete(rowsSchema.parse(JSON.parse(input.data.rows)), importColumns(db(), list));
		} catch {
			return fail(400, {
				message: 'Données d’import illisibles : recommencez la prévisualisation.'
			});
		}
		let done: ReturnType<typeof importRows>;
		try {
			done = importRows(
				db(),
				list,
				rows,
				editable(locals),
				actor(locals),
				true,
				new Set(overwrite)
			);
		} catch (e) {
			// Two rows of the file reach the same record, or someone saved it meanwhile: nothing written.
			if (e instanceof ConflictError)
				return fail(409, {
					message:
						'Rien n’a été importé : une ligne a été modifiée entre-temps ou figure deux fois. Recommencez la prévisualisation.'
				});
			throw e;
		}
		if (!done.written)
			return fail(400, {
				message: 'Rien n’a été importé : des lignes comportent des erreurs.',
				preview: {
					list,
					fileName,
					rows: JSON.stringify(rows),
					unknownHeaders: [],
					...done
				}
			});
		return { imported: done.counts };
	}
} satisfies Actions;
