import { fail } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/db/client';
import { authorize } from '$lib/server/auth/guard';
import {
	createUser,
	setActive,
	newUserSchema,
	accessSchema,
	updateUserAccess
} from '$lib/server/users/commands';
import { parseForm, echo } from '$lib/server/forms/contract';
import { id } from '$lib/schemas/fields';
import { FieldError } from '$lib/server/editing/errors';
import { listAccounts, accessChoices } from '$lib/server/users/queries';

export const load = (({ locals }) => {
	authorize(locals, 'manage_users', { kind: 'user' });
	const conn = db();
	return { users: listAccounts(conn), ...accessChoices(conn) };
}) satisfies PageServerLoad;

const toggleSchema = z.object({ id, active: z.enum(['0', '1'], { error: 'Valeur inconnue.' }) });

export const actions = {
	create: async (event) => {
		authorize(event.locals, 'manage_users', { kind: 'user' });
		const input = await parseForm(event.request, newUserSchema);
		const values = echo(input.body);
		if (!input.ok) return fail(400, { values, errors: input.errors });
		try {
			const { user, password } = await createUser(db(), input.data, {
				id: event.locals.user!.id,
				name: event.locals.user!.name
			});
			return { created: { email: user.email, password } };
		} catch (e) {
			if (e instanceof FieldError) return fail(400, { values, errors: e.errors });
			throw e;
		}
	},
	access: async (event) => {
		authorize(event.locals, 'manage_users', { kind: 'user' });
		const input = await parseForm(event.request, accessSchema);
		if (!input.ok) return fail(400, { errors: input.errors });
		try {
			const done = updateUserAccess(db(), input.data, {
				id: event.locals.user!.id,
				name: event.locals.user!.name
			});
			if (!done.ok)
				return fail(done.status, {
					errors: {
						_:
							done.status === 404
								? 'Ce compte n’existe pas.'
								: 'Ce compte a été modifié entre-temps par un autre administrateur : rien n’a été enregistré. La page montre son état actuel ; refaites la modification.'
					}
				});
			return { updated: input.data.id };
		} catch (e) {
			if (e instanceof FieldError) return fail(400, { errors: e.errors });
			throw e;
		}
	},
	toggle: async (event) => {
		authorize(event.locals, 'manage_users', { kind: 'user' });
		const input = await parseForm(event.request, toggleSchema);
		if (!input.ok) return fail(400, { errors: { _: 'Demande invalide.' } });
		const { id: target, active } = input.data;
		if (target === event.locals.user!.id)
			return fail(400, { errors: { _: 'Vous ne pouvez pas désactiver votre propre compte.' } });
		const found = setActive(db(), target, active === '1', {
			id: event.locals.user!.id,
			name: event.locals.user!.name
		});
		if (!found) return fail(404, { errors: { _: 'Ce compte n’existe pas.' } });
		return { toggled: target };
	}
} satisfies Actions;
