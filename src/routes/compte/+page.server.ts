import { fail, redirect, error } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/db/client';
import { changePassword } from '$lib/server/users/commands';
import { createSession, setSessionCookie } from '$lib/server/auth/session';
import { parseForm } from '$lib/server/forms/contract';
import {
	clearHits,
	forgiveHits,
	passwordCheckKeys,
	recordHit,
	retryAfterMs,
	waitInWords
} from '$lib/server/auth/throttle';

const passwordSchema = z.object({
	current: z.string().max(200),
	next: z.string().max(200),
	confirm: z.string().max(200)
});

export const load = (({ locals, url }) => {
	if (!locals.user) redirect(303, '/connexion?redirectTo=/compte');
	return { first: url.searchParams.has('premiere') || locals.user.mustChangePassword };
}) satisfies PageServerLoad;

export const actions = {
	// public-action: any signed-in user may change their own password, and only their own.
	password: async ({ request, locals, cookies, url, getClientAddress }) => {
		if (!locals.user) error(401, { message: 'Connectez-vous pour changer votre mot de passe.' });
		const input = await parseForm(request, passwordSchema);
		if (!input.ok) return fail(400, { field: 'next', message: 'Formulaire incomplet.' });
		const { current, next, confirm } = input.data;
		if (next !== confirm)
			return fail(400, {
				field: 'confirm',
				message: 'Les deux saisies du nouveau mot de passe diffèrent.'
			});
		const conn = db();
		const keys = passwordCheckKeys(locals.user.id, getClientAddress());
		const wait = retryAfterMs(conn, keys);
		if (wait > 0)
			return fail(429, {
				field: 'current',
				message: `Trop de tentatives. Réessayez dans ${waitInWords(wait)}.`
			});
		// Counted before the slow check: parallel guesses cannot all pass the throttle.
		recordHit(conn, keys);
		const result = await changePassword(conn, locals.user.id, current, next);
		if (!result.ok) {
			// Only a wrong current password is a guess.
			if (result.field !== 'current')
				forgiveHits(
					conn,
					keys.map(([k]) => k)
				);
			return fail(400, { field: result.field, message: result.message });
		}
		clearHits(conn, [keys[0][0]]);
		forgiveHits(conn, [keys[1][0]]);
		// Every session was closed: open a fresh one for this browser.
		const { token, expiresAt } = createSession(conn, locals.user.id);
		setSessionCookie(cookies, token, expiresAt, url.protocol === 'https:');
		return { done: true };
	}
} satisfies Actions;
