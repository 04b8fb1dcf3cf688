import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/db/client';
import { readUnsubscribeToken } from '$lib/server/notifications/tokens';
import { setSubscriptions, UNSUBSCRIBE_CHANGE } from '$lib/server/notifications/preferences';

const WHAT = {
	digest: 'le point hebdomadaire du lundi',
	notices: 'les avis de changement',
	all: 'tous les messages'
} as const;

const tokenOf = (url: URL) => (url.searchParams.get('t') ?? '').slice(0, 200);

/** The link of a mail: says what it will turn off, without sign-in. */
export const load = (({ url }) => {
	const found = readUnsubscribeToken(db(), tokenOf(url));
	return { valid: found !== null, what: found ? WHAT[found.what] : null };
}) satisfies PageServerLoad;

export const actions = {
	/** The button of the page, and mail clients' one-click POST (RFC 8058), which send no cookie. */
	default: ({ url }) => {
		const conn = db();
		const found = readUnsubscribeToken(conn, tokenOf(url));
		if (!found)
			return fail(400, {
				error:
					'Ce lien de désabonnement n’est plus valable. Connectez-vous et réglez vos envois sur la page Mon compte.'
			});
		const done = setSubscriptions(conn, found.userId, UNSUBSCRIBE_CHANGE[found.what], {
			id: null,
			name: 'Lien de désabonnement d’un message'
		});
		if (!done) return fail(400, { error: 'Ce compte n’existe plus.' });
		return { done: WHAT[found.what] };
	}
} satisfies Actions;
