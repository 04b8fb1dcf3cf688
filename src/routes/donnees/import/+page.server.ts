import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/db/client';
import { authorize, allowed } from '$lib/server/auth/guard';
import { readSpreadsheet, SpreadsheetError, type RawRow } from '$lib/server/imports/read';
import { parseForm } from '$lib/server/forms/contract';
import { ConflictError } from '$lib/server/editing/errors';
import { IMPORT_LIMITS } from '$lib/domain/limits';
import {
	importRows,
	importColumns,
	exportOnlyHeaders,
	IMPORT_LISTS,
	type ImportList
} from '$lib/server/imports/apply';
import { saveDraft, draftPage, commitDraft } from '$lib/server/imports/drafts';
import { releaseAfterHeavyTask } from '$lib/server/memory';
import { taskQueue, Busy } from '$lib/server/http/queue';

const listSchema = z.enum(IMPORT_LISTS as [ImportList, ...ImportList[]], {
	error: 'Choisissez le type de données.'
});

export const load = (({ locals, url }) => {
	authorize(locals, 'import', { kind: 'site' });
	const id = url.searchParams.get('brouillon');
	const draft = id
		? draftPage(db(), locals.user!.id, id, Number(url.searchParams.get('page') ?? 1))
		: undefined;
	return {
		lists: IMPORT_LISTS,
		limits: { bytes: IMPORT_LIMITS.bytes, rows: IMPORT_LIMITS.rows },
		draft: draft ?? null,
		draftMissing: Boolean(id && !draft)
	};
}) satisfies PageServerLoad;

const uploads = taskQueue(
	1,
	4,
	'D’autres fichiers sont en cours de lecture : réessayez dans une minute.'
);

const actor = (l: App.Locals) => ({ id: l.user!.id, name: l.user!.name });
const editable = (locals: App.Locals) => (programmeId: number) =>
	allowed(locals, 'edit', { kind: 'action', programmeId });

const previewSchema = z.object({
	list: listSchema,
	file: z.instanceof(File, { error: 'Choisissez un fichier .xlsx ou .csv.' })
});
const commitSchema = z.object({
	draft: z.string().regex(/^[A-Za-z0-9_-]{10,40}$/, 'Prévisualisation inconnue.'),
	overwriteAll: z.literal('on').optional(),
	// Line numbers whose newer changes the user chose to overwrite.
	overwrite: z
		.array(
			z
				.string()
				.regex(/^\d{1,6}$/)
				.transform(Number)
		)
		.max(IMPORT_LIMITS.rows)
});

/** Every column present in every row, so a file that lacks one is checked, never crashed on. */
const complete = (rows: RawRow[], columns: { key: string }[]): RawRow[] =>
	rows.map((r) =>
		Object.fromEntries(columns.map((c) => [c.key, Object.hasOwn(r, c.key) ? r[c.key] : '']))
	);

export const actions = {
	/** Reads the file within the import limits and checks every row; nothing is written. */
	preview: async ({ request, locals }) => {
		authorize(locals, 'import', { kind: 'site' });
		let id: string;
		try {
			// One upload is received and read at a time (a few wait): memory stays bounded whatever
			// the number of people, or attackers, sending files at once.
			const outcome = await uploads.run(async () => {
				const input = await parseForm(request, previewSchema, {
					files: ['file'],
					// the file and the multipart envelope around it
					maxBytes: IMPORT_LIMITS.bytes + 64 * 1024,
					// 5 MB over a slow line (about 400 kbit/s); a trickle frees the slot after that
					maxMs: 120_000
				});
				if (!input.ok)
					return { message: input.errors.list ?? input.errors.file ?? 'Formulaire invalide.' };
				const { list, file } = input.data;
				if (file.size === 0) return { message: 'Choisissez un fichier .xlsx ou .csv.' };
				const columns = importColumns(db(), list);
				const read = await readSpreadsheet(file.name, Buffer.from(await file.arrayBuffer()), [
					...columns,
					...exportOnlyHeaders(db(), list)
				]);
				const rows = complete(read.rows, columns);
				const check = importRows(db(), list, rows, editable(locals), actor(locals), false);
				return {
					id: saveDraft(
						db(),
						locals.user!.id,
						{ list, fileName: file.name, rows, unknownHeaders: read.unknownHeaders },
						check
					)
				};
			});
			if ('message' in outcome) return fail(400, { message: outcome.message });
			id = outcome.id;
		} catch (e) {
			if (e instanceof SpreadsheetError) return fail(400, { message: e.message });
			if (e instanceof Busy) return fail(503, { message: e.message });
			throw e;
		}
		// The results are read page by page from the draft (and survive a reload).
		redirect(303, `/donnees/import?brouillon=${id}`);
	},
	/** Re-checks the previewed rows and writes them all in one transaction, or none. */
	commit: async ({ request, locals }) => {
		authorize(locals, 'import', { kind: 'site' });
		const input = await parseForm(request, commitSchema);
		if (!input.ok) return fail(400, { message: 'Formulaire invalide : recommencez l’import.' });
		const { draft, overwriteAll, overwrite } = input.data;
		let done: ReturnType<typeof commitDraft>;
		try {
			done = commitDraft(
				db(),
				locals.user!.id,
				draft,
				editable(locals),
				actor(locals),
				overwriteAll ? 'all' : new Set(overwrite)
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
		if (!done.found)
			return fail(404, {
				message: 'Cette prévisualisation a expiré ou n’existe pas : importez de nouveau le fichier.'
			});
		if (!done.written)
			return fail(400, {
				message:
					'Rien n’a été importé : des lignes comportent des erreurs ou ont été modifiées depuis l’export (voir le détail).'
			});
		// Thousands of rows read, checked and written leave tens of MB of heap behind.
		releaseAfterHeavyTask();
		return { imported: done.counts };
	}
} satisfies Actions;
