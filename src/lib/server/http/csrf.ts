import type { Handle, RequestEvent } from '@sveltejs/kit';

const FORM_TYPES = new Set([
	'application/x-www-form-urlencoded',
	'multipart/form-data',
	'text/plain'
]);
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * The one address a form may be posted to from elsewhere: a mail client's one-click unsubscribe
 * (RFC 8058) sends no Origin. It acts only on the signed token in its address, never on a session,
 * so a forged post can do nothing a link in the mail could not.
 */
const oneClickUnsubscribe = (e: RequestEvent) =>
	e.request.method === 'POST' &&
	e.url.pathname === '/notifications/desabonnement' &&
	e.url.searchParams.has('t');

/**
 * SvelteKit's own cross-site form check (same rule: a form content type, an unsafe method, an Origin
 * other than ours → 403), kept here so the one exception above can exist; in French.
 */
export const csrfGuard: Handle = ({ event, resolve }) => {
	const type = (event.request.headers.get('content-type') ?? '')
		.split(';', 1)[0]
		.trim()
		.toLowerCase();
	if (
		UNSAFE.has(event.request.method) &&
		FORM_TYPES.has(type) &&
		event.request.headers.get('origin') !== event.url.origin &&
		!oneClickUnsubscribe(event)
	)
		return new Response('Envoi de formulaire refusé : il ne vient pas de ce site.', {
			status: 403,
			headers: { 'content-type': 'text/plain; charset=utf-8' }
		});
	return resolve(event);
};
