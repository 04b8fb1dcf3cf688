import { fail, redirect, error } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/db/client';
import { changePassword } from '$lib/server/users/commands';
import { createSession, setSessionCookie } from '$lib/server/auth/session';
import { parseForm } from '$lib/server/forms/contract';
import {
	preferencesOf,
	resetCalendarToken,
	setSubscriptions
} from '$lib/server/notifications/preferences';
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

const preferencesSchema = z.object({
	digest: z.enum(['on']).optional(),
	notices: z.enum(['on']).optional()
});
const calendarSchema = z.object({
	calendar: z.enum(['new', 'revoke'], { error: 'Choix inconnu.' })
});

export const load = (({ locals, url }) => {
	if (!locals.user) redirect(303, '/connexion?redirectTo=/compte');
	const prefs = preferencesOf(db(), locals.user.id);
	return {
		first: url.searchParams.has('premiere') || locals.user.mustChangePassword,
		preferences: {
			digestEnabled: prefs?.digestEnabled ?? false,
			noticesEnabled: prefs?.noticesEnabled ?? false,
			// The private feed's address: shown to its owner only (private, no-store page).
			calendarUrl: prefs?.calendarToken
				? `${url.origin}/calendrier/${prefs.calendarToken}.ics`
				: null
		}
	};
}) satisfies PageServerLoad;

export const actions = {
	// public-action: any signed-in user chooses their own mails, and only their own.
	preferences: async ({ request, locals }) => {
		if (!locals.user) error(401, { message: 'Connectez-vous pour choisir vos envois.' });
		const input = await parseForm(request, preferencesSchema);
		if (!input.ok) return fail(400, { form: 'preferences', message: 'Formulaire incomplet.' });
		setSubscriptions(
			db(),
			locals.user.id,
			{ digestEnabled: input.data.digest === 'on', noticesEnabled: input.data.notices === 'on' },
			{ id: locals.user.id, name: locals.user.name }
		);
		return { form: 'preferences', saved: true };
	},
	// public-action: any signed-in user renews or revokes their own calendar address.
	calendar: async ({ request, locals }) => {
		if (!locals.user) error(401, { message: 'Connectez-vous pour gérer votre agenda.' });
		const input = await parseForm(request, calendarSchema);
		if (!input.ok) return fail(400, { form: 'calendar', message: 'Choix inconnu.' });
		resetCalendarToken(db(), locals.user.id, input.data.calendar === 'revoke', {
			id: locals.user.id,
			name: locals.user.name
		});
		return { form: 'calendar', saved: true };
	},
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
