import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { db } from '$lib/server/db/client';
import { reportPdf, pdfAvailable, PdfUnavailable } from '$lib/server/pdf';
import { dataVersion } from '$lib/server/cache';
import { SESSION_COOKIE } from '$lib/server/auth/session';
import { settings } from '$lib/server/config';
import { pdfThrottleKeys, retryAfterMs, recordHit, waitInWords } from '$lib/server/auth/throttle';
import { todayIso } from '$lib/domain/dates';
import { readDashboardParams } from '$lib/server/dashboard/params';

const text = (status: number, message: string, headers: Record<string, string> = {}) =>
	new Response(message, {
		status,
		headers: { 'content-type': 'text/plain; charset=utf-8', ...headers }
	});

/**
 * The council report as a PDF, printed by the shared headless browser from the configured origin.
 * Signed-in users only, unless public reading is on: then anonymous visitors are rate-limited per
 * address (a cached report does not count).
 */
export const GET: RequestHandler = async ({ url, locals, cookies, getClientAddress }) => {
	const user = locals.user;
	if (!user && !settings().publicReading)
		error(401, { message: 'Connectez-vous pour télécharger le rapport.' });
	if (!pdfAvailable())
		return text(
			503,
			"La génération de PDF n'est pas disponible sur ce serveur (Chromium absent). Ouvrez le rapport et utilisez la fonction Imprimer du navigateur."
		);
	const conn = db();
	const keys = user ? [] : pdfThrottleKeys(getClientAddress());
	const wait = retryAfterMs(conn, keys);
	if (wait > 0)
		return text(
			429,
			`Trop de rapports demandés depuis cette adresse. Réessayez dans ${waitInWords(wait)}, ou utilisez « Imprimer ».`,
			{ 'retry-after': String(Math.ceil(wait / 1000)) }
		);
	// The validated, canonical filters only: the cache key and the printed URL are ours.
	const { query } = readDashboardParams(url);
	try {
		const { pdf, cached } = await reportPdf(
			`/rapport?${query}`,
			{ key: user ? `user:${user.id}` : 'public', sessionToken: cookies.get(SESSION_COOKIE) },
			`${dataVersion(conn)}|${todayIso()}`
		);
		if (!cached && keys.length) recordHit(conn, keys);
		return new Response(new Uint8Array(pdf), {
			headers: {
				'content-type': 'application/pdf',
				'content-disposition': `attachment; filename="rapport-conseil-${todayIso()}.pdf"`,
				'cache-control': 'private, no-store',
				'x-cache': cached ? 'hit' : 'miss'
			}
		});
	} catch (e) {
		if (e instanceof PdfUnavailable) return text(503, e.message, { 'retry-after': '30' });
		throw e;
	}
};
