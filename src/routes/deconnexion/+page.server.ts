import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/db/client';
import { SESSION_COOKIE, invalidateSession, clearSessionCookie } from '$lib/server/auth/session';

export const load = (() => redirect(303, '/')) satisfies PageServerLoad;

export const actions = {
	// public-action: signing out only ends the caller's own session.
	default: ({ cookies, url }) => {
		const token = cookies.get(SESSION_COOKIE);
		if (token) invalidateSession(db(), token);
		clearSessionCookie(cookies, url.protocol === 'https:');
		redirect(303, '/');
	}
} satisfies Actions;
