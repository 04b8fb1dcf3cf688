import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { parseForm } from '$lib/server/forms/contract';
import { eq } from 'drizzle-orm';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/db/client';
import { users } from '$lib/server/db/schema';
import { verifyPassword } from '$lib/server/auth/password';
import { createSession, setSessionCookie } from '$lib/server/auth/session';
import { accountThrottle, addressThrottle } from '$lib/server/auth/throttle';

/** Only a same-site path: never an open redirect. */
const safeTarget = (v: string | null) => (v && v.startsWith('/') && !v.startsWith('//') ? v : '/');

export const load = (({ locals, url }) => {
	if (locals.user) redirect(303, safeTarget(url.searchParams.get('redirectTo')));
	return { redirectTo: safeTarget(url.searchParams.get('redirectTo')) };
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
		const redirectTo = safeTarget(input.data.redirectTo);
		const account = [`email:${email}`];
		const address = [`ip:${getClientAddress()}`];
		const wait = Math.max(accountThrottle.retryAfter(account), addressThrottle.retryAfter(address));
		if (wait > 0) {
			return fail(429, {
				email,
				message: `Trop de tentatives. Réessayez dans ${Math.ceil(wait / 60)} minute${wait > 60 ? 's' : ''}.`
			});
		}
		if (!email || !password)
			return fail(400, { email, message: 'Saisissez votre adresse e-mail et votre mot de passe.' });
		const conn = db();
		const user = conn.select().from(users).where(eq(users.email, email)).get();
		const ok = user && user.active && (await verifyPassword(user.passwordHash, password));
		if (!ok) {
			accountThrottle.fail(account);
			addressThrottle.fail(address);
			return fail(400, { email, message: GENERIC });
		}
		accountThrottle.reset(account);
		const { token, expiresAt } = createSession(conn, user.id);
		setSessionCookie(cookies, token, expiresAt, url.protocol === 'https:');
		redirect(303, user.mustChangePassword ? '/compte?premiere=1' : redirectTo);
	}
} satisfies Actions;
