import { fail, type RequestEvent } from '@sveltejs/kit';
import type { z } from 'zod';
import { ConflictError, FieldError, NotFoundError } from '../editing/errors';
import { logger } from '../log/logger';
import { allowed } from '../auth/guard';
import { parseForm, echo, type FormBody, type ReadOptions } from './contract';

export interface FormSpec<S extends z.ZodType, R> {
	/** the form's name on the page, so errors show beside the right form */
	form: string | ((body: FormBody) => string);
	schema: S;
	/**
	 * Loads the record that the parsed input names and authorises on what was loaded (throwing 403 or
	 * 404); its result goes to `exec`, so the check and the write use the same record.
	 */
	authorize: (data: z.output<S>) => R;
	exec: (data: z.output<S>, record: R) => unknown;
	read?: ReadOptions;
	/** fields never sent back to the page (passwords) */
	secret?: readonly string[];
}

/** A constraint the database refused: the validation missed a case, never shown raw. */
function isConstraintError(e: unknown): e is Error & { code: string } {
	return (
		e instanceof Error &&
		'code' in e &&
		typeof e.code === 'string' &&
		e.code.startsWith('SQLITE_CONSTRAINT')
	);
}

/**
 * The one way a form action validates, authorises and writes: parse the body with the form contract,
 * authorise on the record named by the parsed input, run the command, and answer with field errors,
 * a conflict showing what changed, a 404, or "saved". Nothing is written unless everything passes;
 * what was typed comes back to the form.
 */
export async function runForm<S extends z.ZodType, R>(event: RequestEvent, spec: FormSpec<S, R>) {
	const parsed = await parseForm(event.request, spec.schema, spec.read);
	const values = echo(parsed.body, spec.secret);
	const form = typeof spec.form === 'string' ? spec.form : spec.form(parsed.body);
	if (!parsed.ok) return fail(400, { form, values, errors: parsed.errors });
	const record = spec.authorize(parsed.data);
	try {
		spec.exec(parsed.data, record);
		return { form, saved: true };
	} catch (e) {
		if (e instanceof FieldError) return fail(400, { form, values, errors: e.errors });
		if (e instanceof ConflictError)
			return fail(409, {
				form,
				values,
				errors: { _: 'Cet élément a été modifié entre-temps : rechargez la page.' },
				conflict: {
					// Names for the staff; a role or an organisation for partners.
					changes: e.changes.map(({ publicActor, ...c }) => ({
						...c,
						actor: allowed(event.locals, 'read_internal', { kind: 'site' })
							? c.actor
							: (publicActor ?? 'Un autre utilisateur')
					})),
					current: JSON.parse(JSON.stringify(e.current)) as Record<string, unknown>
				}
			});
		if (e instanceof NotFoundError)
			return fail(404, { form, values, errors: { _: 'Cet élément n’existe plus.' } });
		if (isConstraintError(e)) {
			logger.warn(
				{ reqId: event.locals.requestId, route: event.route.id, code: e.code, err: e.message },
				'constraint refused a write'
			);
			return fail(400, {
				form,
				values,
				errors: { _: 'Valeur refusée : vérifiez les champs et recommencez.' }
			});
		}
		throw e;
	}
}
