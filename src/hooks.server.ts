import { frenchSpacesHtml } from '$lib/domain/typography';
import { redirect, json, type Handle, type ServerInit } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { building } from '$app/environment';
import { db, closeDb } from '$lib/server/db/client';
import {
	SESSION_COOKIE,
	validateSession,
	setSessionCookie,
	clearSessionCookie,
	purgeExpiredSessions
} from '$lib/server/auth/session';
import { ensureDemoAccounts } from '$lib/server/users/commands';
import { settings } from '$lib/server/config';
import { cachedResponse } from '$lib/server/cache';
import { todayIso } from '$lib/domain/dates';
import { installProcessHandlers } from '$lib/server/log/logger';
import { requestLog, handleError } from '$lib/server/log/request';
import { securityHeaders } from '$lib/server/http/headers';
import { csrfGuard } from '$lib/server/http/csrf';
import {
	startNotificationScheduler,
	stopNotificationScheduler
} from '$lib/server/notifications/scheduler';
import { closePdfService, warmPdfService } from '$lib/server/pdf';
import { isPrimary, preparesReads } from '$lib/server/runtime';
import { threadMemoryKeeper } from '$lib/server/memory';
import { dashboardAggregates } from '$lib/server/dashboard/summary';

export { handleError };

/** Opens the database at start-up, so a missing or empty one is migrated and seeded before serving. */
export const init: ServerInit = async () => {
	if (building) return;
	installProcessHandlers();
	const conn = db();
	// adapter-node emits this after SIGTERM/SIGINT once in-flight requests are done (in npm start's
	// pool, when the front thread passes the signal on to each worker).
	process.once('sveltekit:shutdown' as never, () => {
		stopNotificationScheduler();
		void closePdfService().finally(() => closeDb());
	});
	// Readers of npm start's pool open the database the writer has migrated. Every thread that takes
	// reads adds up the national summary before its first request (seconds on a national database,
	// once a day); the writer of a pool with readers does not.
	if (isPrimary()) {
		purgeExpiredSessions(conn);
		if (settings().demo) await ensureDemoAccounts(conn);
		if (settings().pdfPrewarm) warmPdfService();
		startNotificationScheduler(db);
	}
	if (preparesReads()) dashboardAggregates(conn, {}, todayIso());
	// Adding up the national summary grew the heap by tens of MB that V8 would keep: given back
	// before the first request, and after later peaks when the thread is idle.
	keeper = threadMemoryKeeper();
};

/** Gives a peak's memory back once the thread is idle (see memoryKeeper). */
let keeper: ReturnType<typeof threadMemoryKeeper> | undefined;
const keepMemory: Handle = async ({ event, resolve }) => {
	keeper?.started();
	try {
		return await resolve(event);
	} finally {
		keeper?.finished();
	}
};

/** Reads the session cookie into locals.user, sliding its expiry. */
const session: Handle = async ({ event, resolve }) => {
	const token = event.cookies.get(SESSION_COOKIE);
	event.locals.user = null;
	if (token) {
		const secure = event.url.protocol === 'https:';
		const found = validateSession(db(), token);
		if (found) {
			event.locals.user = found.user;
			if (found.renewed) setSessionCookie(event.cookies, token, found.expiresAt, secure);
		} else clearSessionCookie(event.cookies, secure);
	}
	return resolve(event);
};

/** Reachable without sign-in even when public reading is off: legal pages and token-signed links. */
const OPEN_PATHS = [
	'/connexion',
	'/favicon.svg',
	'/robots.txt',
	'/accessibilite',
	'/mentions-legales',
	'/donnees-personnelles',
	'/notifications/desabonnement'
];
/** Private calendar feeds: the unguessable token in the address is the credential. */
const isPrivateFeed = (path: string) => /^\/calendrier\/[A-Za-z0-9_-]{20,64}\.ics$/.test(path);

/** When public reading is off, anonymous visitors only reach the login page; a new password is asked first. */
const access: Handle = async ({ event, resolve }) => {
	const path = event.url.pathname;
	// "?/default" names SvelteKit's reserved action: it would answer 500. A form never posts it.
	if (event.request.method === 'POST' && event.url.searchParams.has('/default'))
		return new Response('Action de formulaire inconnue.', {
			status: 400,
			headers: { 'content-type': 'text/plain; charset=utf-8' }
		});
	const open = OPEN_PATHS.includes(path) || path.startsWith('/_app/') || isPrivateFeed(path);
	const user = event.locals.user;
	if (!user && !settings().publicReading && !open) {
		if (path.startsWith('/api/'))
			return json(
				{ error: { status: 401, message: 'Authentification requise.' } },
				{ status: 401 }
			);
		redirect(303, `/connexion?redirectTo=${encodeURIComponent(path + event.url.search)}`);
	}
	// An account with a one-time password does nothing else until it has chosen its own: no page,
	// no form action, no API call (the password form and sign-out excepted).
	if (user?.mustChangePassword && !['/compte', '/deconnexion'].includes(path) && !open) {
		if (event.request.method === 'GET' && !path.startsWith('/api/'))
			redirect(303, '/compte?premiere=1');
		const message = 'Choisissez d’abord votre mot de passe (page « Mon compte »).';
		if (path.startsWith('/api/') || event.request.headers.get('accept')?.includes('json'))
			return json({ error: { status: 403, message } }, { status: 403 });
		return new Response(message, {
			status: 403,
			headers: { 'content-type': 'text/plain; charset=utf-8' }
		});
	}
	return resolve(event);
};

/** Pages and API answers for anonymous visitors come from the per-data-version cache. */
const anonymousCache: Handle = async ({ event, resolve }) => {
	const path = event.url.pathname;
	const cacheable =
		event.request.method === 'GET' &&
		!event.locals.user &&
		!event.cookies.get(SESSION_COOKIE) &&
		!path.startsWith('/_app/') &&
		!path.endsWith('.pdf') &&
		// The report states when it was produced: always fresh.
		!path.startsWith('/rapport') &&
		!path.startsWith('/connexion');
	if (!cacheable) return resolve(event);
	// The request's own URL: SvelteKit strips "/__data.json" (and its invalidation flags) from
	// event.url, and a page's data must never be answered with the page's HTML.
	const raw = new URL(event.request.url);
	const response = await cachedResponse(
		db(),
		`${todayIso()}|${event.isDataRequest ? 'data' : 'page'}|${event.request.headers.get('accept')?.includes('json') ? 'json' : 'html'}|${raw.pathname}${raw.search}`,
		() => Promise.resolve(resolve(event))
	);
	// A cached answer still honours conditional requests.
	const etag = response.headers.get('etag');
	if (etag && event.request.headers.get('if-none-match') === etag) {
		// A 304's headers replace the cached copy's in the browser: it carries the page's own CSP
		// and type, or the browser would apply a stricter one to the page it already has.
		const headers = new Headers({
			etag,
			'cache-control': response.headers.get('cache-control') ?? ''
		});
		for (const name of ['content-security-policy', 'content-type', 'vary']) {
			const value = response.headers.get(name);
			if (value) headers.set(name, value);
		}
		return new Response(null, { status: 304, headers });
	}
	return response;
};

/** SvelteKit's bare English refusals (e.g. "DELETE method not allowed") said in French. */
const frenchRefusals: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	if (response.status === 405 && response.headers.get('content-type')?.startsWith('text/plain'))
		return new Response('Cette adresse n’accepte pas ce type de demande.', {
			status: 405,
			headers: {
				'content-type': 'text/plain; charset=utf-8',
				allow: response.headers.get('allow') ?? ''
			}
		});
	return response;
};

/** French typography on every page the server renders (and so on the PDF). */
const typography: Handle = ({ event, resolve }) =>
	resolve(event, { transformPageChunk: ({ html }) => frenchSpacesHtml(html) });

export const handle = sequence(
	keepMemory,
	requestLog,
	securityHeaders,
	csrfGuard,
	frenchRefusals,
	session,
	access,
	anonymousCache,
	typography
);
