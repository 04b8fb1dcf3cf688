import { fail, type RequestEvent } from '@sveltejs/kit';
import type { z } from 'zod';
import { fieldErrors } from '../../schemas/editing';
import { ConflictError, FieldError, NotFoundError } from './errors';

/**
 * The one way a form action validates and writes, once the caller has authorised it: parse the form
 * with its schema, run the command, and answer with field errors, a conflict showing what changed, or
 * "saved". Nothing is written unless everything passes; what was typed comes back to the form.
 */
export async function runForm<S extends z.ZodTypeAny>(event: RequestEvent, form: string, schema: S, exec: (data: z.output<S>) => unknown) {
	const raw = Object.fromEntries([...(await event.request.formData())].map(([k, v]) => [k, typeof v === 'string' ? v : '']));
	const parsed = schema.safeParse(raw);
	if (!parsed.success) return fail(400, { form, values: raw, errors: fieldErrors(parsed.error) });
	try {
		exec(parsed.data);
		return { form, saved: true };
	} catch (e) {
		if (e instanceof FieldError) return fail(400, { form, values: raw, errors: e.errors });
		if (e instanceof ConflictError)
			return fail(409, { form, values: raw, errors: { _: 'Cet élément a été modifié entre-temps : rechargez la page.' }, conflict: { changes: e.changes, current: JSON.parse(JSON.stringify(e.current)) as Record<string, unknown> } });
		if (e instanceof NotFoundError) return fail(404, { form, values: raw, errors: { _: 'Cet élément n’existe plus.' } });
		throw e;
	}
}
