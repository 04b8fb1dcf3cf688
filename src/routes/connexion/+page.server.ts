import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { parseForm } from '$lib/server/forms/contract';
import { eq } from 'drizzle-orm';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/db/client';
import { users } from '$lib/server/db/schema';
import { verifyAccountPassword } from '$lib/server/auth/password';
import { createSession, setSessionCookie } from '$lib/server/auth/session';
import {
	clearHits,
	forgiveHits,
	isKnownAddress,
	recordHit,
	recordFailedSignIn,
	rememberAddress,
	retryAfterMs,
	signInKeys,
	waitInWords
} from '$lib/server/auth/throttle';
import { safeRedirectTarget } from '$lib/server/http/redirect';

export const load = (({ locals, url }) => {
	const target = safeRedirectTarget(url.searchParams.get('redirectTo'), url.origin);
	if (locals.user) redirect(303, target);
	return { redirectTo: target };
}) satisfies PageServerLoad;

const GENERIC = 'Adresse e-mail ou mot de passe incorrect.';

const signInSchema = z.object({
	email: z.string().trim().toLowerCase().max(200).default(''),
	password: z.string().max(200).default(''),
	redirectTo: z.string().max(2000).default('/')
});

export const actions = {
	// public-action: signing in is how a visitor gets a role.
	default: async ({ request, cookies, url, getClientAddress }) => {
		const input = await parseForm(request, signInSchema);
		if (!input.ok)
			return fail(400, {
				email: '',
				message: 'Saisissez votre adresse e-mail et votre mot de passe.'
			});
		const { email, password } = input.data;
		const redirectTo = safeRedirectTarget(input.data.redirectTo, url.origin);
		const conn = db();
		const address = getClientAddress();
		const keys = signInKeys(email, address, isKnownAddress(conn, email, address));
		const wait = retryAfterMs(conn, keys);
		if (wait > 0)
			return fail(429, {
				email,
				message: `Trop de tentatives. Réessayez dans ${waitInWords(wait)}.`
			});
		if (!email || !password)
			return fail(400, { email, message: 'Saisissez votre adresse e-mail et votre mot de passe.' });
		// Counted before the slow check, so attempts sent in parallel cannot all pass the throttle.
		recordHit(conn, keys);
		const user = conn.select().from(users).where(eq(users.email, email)).get();
		// The same argon2 work whether or not the account exists: the answer time says nothing.
		if (!(await verifyAccountPassword(user, password)) || !user) {
			recordFailedSignIn(conn, email);
			return fail(400, { email, message: GENERIC });
		}
		clearHits(
			conn,
			keys.map(([k]) => k).filter((k) => !k.startsWith('ip:'))
		);
		forgiveHits(conn, [`ip:${address}`]);
		rememberAddress(conn, email, address);
		const { token, expiresAt } = createSession(conn, user.id);
		setSessionCookie(cookies, token, expiresAt, url.protocol === 'https:');
		redirect(303, user.mustChangePassword ? '/compte?premiere=1' : redirectTo);
	}
} satisfies Actions;
