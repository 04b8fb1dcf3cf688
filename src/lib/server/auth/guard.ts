import { error } from '@sveltejs/kit';
import { can, type Verb, type Subject } from './permissions';
import { settings } from '../config';

/** Throws 401 for an anonymous visitor and 403 for a signed-in user the rule book refuses. */
export function authorize(locals: App.Locals, verb: Verb, subject: Subject): void {
	if (can(locals.user, verb, subject, settings())) return;
	if (!locals.user) error(401, { message: 'Connectez-vous pour effectuer cette action.' });
	error(403, { message: 'Votre rôle ne permet pas cette action.' });
}

/** Whether the current user may do it (for showing or hiding buttons). */
export function allowed(locals: App.Locals, verb: Verb, subject: Subject): boolean {
	return can(locals.user, verb, subject, settings());
}
