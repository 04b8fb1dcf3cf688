import { fail, redirect, error } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/db/client';
import { changePassword } from '$lib/server/users/commands';
import { createSession, setSessionCookie } from '$lib/server/auth/session';

export const load = (({ locals, url }) => {
	if (!locals.user) redirect(303, '/connexion?redirectTo=/compte');
	return { first: url.searchParams.has('premiere') || locals.user.mustChangePassword };
}) satisfies PageServerLoad;

export const actions = {
	// public-action: any signed-in user may change their own password, and only their own.
	password: async ({ request, locals, cookies, url }) => {
		if (!locals.user) error(401, { message: 'Connectez-vous pour changer votre mot de passe.' });
		const form = await request.formData();
		const current = String(form.get('current') ?? '');
		const next = String(form.get('next') ?? '');
		const confirm = String(form.get('confirm') ?? '');
		if (next !== confirm) return fail(400, { field: 'confirm', message: 'Les deux saisies du nouveau mot de passe diffèrent.' });
		const conn = db();
		const result = await changePassword(conn, locals.user.id, current, next);
		if (!result.ok) return fail(400, { field: result.field, message: result.message });
		// Every session was closed: open a fresh one for this browser.
		const { token, expiresAt } = createSession(conn, locals.user.id);
		setSessionCookie(cookies, token, expiresAt, url.protocol === 'https:');
		return { done: true };
	}
} satisfies Actions;
