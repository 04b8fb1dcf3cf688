import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { db } from '$lib/server/db/client';
import { reportPdf, pdfAvailable, PdfUnavailable, cachedReport } from '$lib/server/pdf';
import { dataVersion } from '$lib/server/cache';
import { SESSION_COOKIE } from '$lib/server/auth/session';
import { settings } from '$lib/server/config';
import { pdfThrottleKeys, retryAfterMs, recordHit, waitInWords } from '$lib/server/auth/throttle';
import { todayIso } from '$lib/domain/dates';
import { readDashboardParams } from '$lib/server/dashboard/params';
import { releaseIfGrown } from '$lib/server/memory';

const text = (status: number, message: string, headers: Record<string, string> = {}) =>
	new Response(message, {
		status,
		headers: { 'content-type': 'text/plain; charset=utf-8', ...headers }
	});

const pdfResponse = (pdf: Uint8Array, cached: boolean) =>
	new Response(new Uint8Array(pdf), {
		headers: {
			'content-type': 'application/pdf',
			'content-disposition': `attachment; filename="rapport-conseil-${todayIso()}.pdf"`,
			'cache-control': 'private, no-store',
			'x-cache': cached ? 'hit' : 'miss'
		}
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
	// The validated, canonical filters only: the cache key and the printed URL are ours.
	const { query } = readDashboardParams(url);
	const path = `/rapport?${query}`;
	const reader = {
		key: user ? `user:${user.id}` : 'public',
		sessionToken: cookies.get(SESSION_COOKIE)
	};
	const dataKey = `${dataVersion(conn)}|${todayIso()}`;
	// A report already printed is served at once: it costs nothing and counts for nobody.
	const ready = cachedReport(path, reader.key, dataKey);
	if (ready) return pdfResponse(ready, true);
	const keys = user ? [] : pdfThrottleKeys(getClientAddress());
	const wait = retryAfterMs(conn, keys);
	if (wait > 0)
		return text(
			429,
			`Trop de rapports demandés depuis cette adresse. Réessayez dans ${waitInWords(wait)}, ou utilisez « Imprimer ».`,
			{ 'retry-after': String(Math.ceil(wait / 1000)) }
		);
	// Counted before the print, so requests sent at once cannot all slip under the limit.
	if (keys.length) recordHit(conn, keys);
	try {
		const { pdf, cached } = await reportPdf(path, reader, dataKey);
		// A print leaves the writer's heap tens of MB higher (the report's page, the document): given
		// back now, within the print's own time, rather than by a collection of 50-100 ms in the middle
		// of the next request (the cached copies asked right after a print took up to 110 ms) — when
		// it grew past the keeper's threshold and not within 30 s of the last release, so that a
		// series of prints does not stop the writer's other requests after each.
		if (!cached) releaseIfGrown();
		return pdfResponse(pdf, cached);
	} catch (e) {
		if (e instanceof PdfUnavailable) return text(503, e.message, { 'retry-after': '30' });
		throw e;
	}
};
