import type { RequestHandler } from './$types';
import { printToPdf, pdfAvailable } from '$lib/server/pdf';
import { todayIso } from '$lib/domain/dates';

/** The council report as a PDF, printed from the report page by headless Chromium. */
export const GET: RequestHandler = async ({ url }) => {
	if (!pdfAvailable()) {
		return new Response(
			"La génération de PDF n'est pas disponible sur ce serveur (Chromium absent). Ouvrez le rapport et utilisez la fonction Imprimer du navigateur.",
			{ status: 503, headers: { 'content-type': 'text/plain; charset=utf-8' } }
		);
	}
	const pdf = await printToPdf(`${url.origin}/rapport?${url.searchParams}`);
	return new Response(new Uint8Array(pdf), {
		headers: {
			'content-type': 'application/pdf',
			'content-disposition': `attachment; filename="rapport-conseil-${todayIso()}.pdf"`,
			'cache-control': 'no-store'
		}
	});
};
