import { randomUUID } from 'node:crypto';
import type { Handle, HandleServerError } from '@sveltejs/kit';
import { logger } from './logger';

/** One info line per request: method, route id, status, duration; never the query, cookies or body. */
export const requestLog: Handle = async ({ event, resolve }) => {
	const started = performance.now();
	event.locals.requestId = randomUUID();
	let status = 500;
	try {
		const response = await resolve(event);
		status = response.status;
		response.headers.set('x-request-id', event.locals.requestId);
		return response;
	} catch (e) {
		// redirect() and error() arrive here as thrown objects carrying their status.
		if (e && typeof e === 'object' && 'status' in e && typeof e.status === 'number')
			status = e.status;
		throw e;
	} finally {
		logger.info(
			{
				reqId: event.locals.requestId,
				method: event.request.method,
				route: event.route.id ?? event.url.pathname.split('/').slice(0, 2).join('/'),
				status,
				ms: Math.round((performance.now() - started) * 10) / 10,
				user: event.locals.user?.id
			},
			'request'
		);
	}
};

/** Unexpected errors: logged with the request id, answered in French with that id to quote. */
export const handleError: HandleServerError = ({ error, event, status, message }) => {
	const requestId = event.locals.requestId ?? randomUUID();
	// SvelteKit's own answers (unknown address, wrong method) are the visitor's, not a fault: in
	// French, and not logged as errors.
	if (status === 404) return { message: 'Cette page n’existe pas ou a été déplacée.', requestId };
	if (status === 405)
		return { message: 'Cette adresse n’accepte pas ce type de demande.', requestId };
	if (status >= 400 && status < 500)
		return { message: 'La demande n’a pas pu être comprise.', requestId };
	// The client went away while sending its body: nothing failed on our side.
	const code = (error as { code?: string } | null)?.code;
	if ((error as Error | null)?.message === 'aborted' || code === 'ECONNRESET') {
		logger.info({ reqId: requestId, route: event.route.id }, 'client aborted the request');
		return { message: 'La demande a été interrompue.', requestId };
	}
	logger.error(
		{ err: error, reqId: requestId, method: event.request.method, route: event.route.id, status },
		message
	);
	return {
		message: `Une erreur inattendue est survenue. Si elle se reproduit, indiquez ce numéro à l’administrateur : ${requestId}.`,
		requestId
	};
};
