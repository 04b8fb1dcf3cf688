import { error } from '@sveltejs/kit';
import { z } from 'zod';
import { fieldErrors } from '../../schemas/fields';

/**
 * The one form contract. Every form action reads its body here, never with `formData.get()`:
 * - a field sent twice is refused (400), unless the schema declares it a list: an ownership check on
 *   the first value and a write of the second can no longer happen, since both use the parsed value;
 * - a file is accepted only where the action names a file field;
 * - the body is bounded (fields, characters per field);
 * - the schema validates it, with French messages per field.
 */

/** A form body as parsed: one string per field, string[] for declared lists, File for file fields. */
export type FormBody = Record<string, string | string[] | File>;

export interface ReadOptions {
	/** fields that carry a file upload */
	files?: readonly string[];
	/** the most characters one text field may carry (default 20 000) */
	maxFieldLength?: number;
	/** the most bytes the whole body may carry (default 256 KB; an upload says more) */
	maxBytes?: number;
	/** how long the body may take to arrive (default 30 s): a trickling upload frees its slot */
	maxMs?: number;
}

const MAX_FIELDS = 200;
const DEFAULT_MAX_LENGTH = 20_000;
const DEFAULT_MAX_BYTES = 256 * 1024;

/**
 * The body's bytes, counted as they arrive: past `max` the stream is cancelled and the request
 * refused (413, in French) before more is held in memory. The declared length is checked first.
 */
async function boundedBody(request: Request, max: number, maxMs = 30_000): Promise<Request> {
	const tooBig = () =>
		error(413, {
			message: `Envoi trop volumineux (${Math.round(max / 1024)} Ko au plus pour ce formulaire).`
		});
	const declared = Number(request.headers.get('content-length'));
	if (Number.isFinite(declared) && declared > max) tooBig();
	if (!request.body) return request;
	const reader = request.body.getReader();
	const chunks: Uint8Array[] = [];
	let size = 0;
	const deadline = Date.now() + maxMs;
	for (;;) {
		let timer: ReturnType<typeof setTimeout> | undefined;
		const late = new Promise<'late'>((resolve) => {
			timer = setTimeout(() => resolve('late'), Math.max(0, deadline - Date.now()));
		});
		const next = await Promise.race([reader.read(), late]);
		clearTimeout(timer);
		if (next === 'late') {
			await reader.cancel().catch(() => undefined);
			error(408, { message: 'Envoi trop lent : le fichier n’est pas arrivé à temps, réessayez.' });
		}
		const { done, value } = next;
		if (done) break;
		size += value.byteLength;
		if (size > max) {
			await reader.cancel();
			tooBig();
		}
		chunks.push(value);
	}
	return new Request(request.url, {
		method: request.method,
		headers: request.headers,
		body: Buffer.concat(chunks)
	});
}

/** Field names that the schema declares as lists (z.array), looking through pipes and wrappers. */
export function listFields(schema: z.ZodType): Set<string> {
	const object = unwrap(schema);
	const out = new Set<string>();
	if (object instanceof z.ZodObject)
		for (const [key, field] of Object.entries<z.ZodType>(object.shape))
			if (unwrap(field) instanceof z.ZodArray) out.add(key);
	return out;
}

function unwrap(schema: z.ZodType): z.ZodType {
	let s: z.ZodType = schema;
	for (let i = 0; i < 10; i++) {
		if (s instanceof z.ZodPipe) s = s.in as z.ZodType;
		else if (s instanceof z.ZodOptional || s instanceof z.ZodNullable || s instanceof z.ZodDefault)
			s = s.unwrap() as z.ZodType;
		else break;
	}
	return s;
}

function refuse(message: string): never {
	error(400, { message });
}

/** Reads a urlencoded or multipart body into a FormBody, refusing repeated or unexpected fields. */
export async function readForm(
	request: Request,
	lists: ReadonlySet<string>,
	options: ReadOptions = {}
): Promise<FormBody> {
	const bounded = await boundedBody(request, options.maxBytes ?? DEFAULT_MAX_BYTES, options.maxMs);
	let data: FormData;
	try {
		data = await bounded.formData();
	} catch {
		refuse('Formulaire illisible : renvoyez-le depuis la page.');
	}
	const files = new Set(options.files ?? []);
	const maxLength = options.maxFieldLength ?? DEFAULT_MAX_LENGTH;
	// A null-prototype record: a field named "__proto__" or "constructor" is only a field.
	const body = Object.create(null) as FormBody;
	let count = 0;
	for (const [name, value] of data) {
		if (++count > MAX_FIELDS) refuse('Formulaire trop long.');
		if (typeof value !== 'string') {
			if (!files.has(name)) refuse(`Le champ « ${name} » ne peut pas contenir de fichier.`);
			if (name in body) refuse(`Le champ « ${name} » est envoyé plusieurs fois.`);
			body[name] = value;
			continue;
		}
		if (files.has(name)) refuse(`Le champ « ${name} » doit contenir un fichier.`);
		if (value.length > maxLength) refuse(`Le champ « ${name} » est trop long.`);
		if (lists.has(name)) {
			const list = (body[name] as string[] | undefined) ?? [];
			list.push(value);
			body[name] = list;
		} else if (name in body) refuse(`Le champ « ${name} » est envoyé plusieurs fois.`);
		else body[name] = value;
	}
	// Declared lists are present even when empty (no box ticked).
	for (const name of lists) body[name] ??= [];
	return { ...body };
}

export type Parsed<S extends z.ZodType> =
	| { ok: true; data: z.output<S>; body: FormBody }
	| { ok: false; errors: Record<string, string>; body: FormBody };

/** Reads the body and validates it with the action's schema. */
export async function parseForm<S extends z.ZodType>(
	request: Request,
	schema: S,
	options: ReadOptions = {}
): Promise<Parsed<S>> {
	const body = await readForm(request, listFields(schema), options);
	const parsed = schema.safeParse(body);
	if (!parsed.success) return { ok: false, errors: fieldErrors(parsed.error), body };
	return { ok: true, data: parsed.data, body };
}

/** What typed values go back to the form after a refusal: text only, never files or passwords. */
export function echo(body: FormBody, omit: readonly string[] = []): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [k, v] of Object.entries(body))
		if (typeof v === 'string' && !omit.includes(k)) out[k] = v;
	return out;
}
