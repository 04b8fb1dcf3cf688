import type { RequestHandler } from './$types';

/** Public pages may be indexed; signed-in areas, exports and form endpoints may not. */
export const GET: RequestHandler = ({ url }) =>
	new Response(
		[
			'User-agent: *',
			'Disallow: /admin/',
			'Disallow: /compte',
			'Disallow: /connexion',
			'Disallow: /partenaires/',
			'Disallow: /opah-ru/dossiers',
			'Disallow: /donnees/import',
			'Disallow: /exports/',
			'Disallow: /rapport.pdf',
			'Disallow: /operations/*/relogement',
			'Disallow: /notifications/',
			'Disallow: /calendrier/',
			'Allow: /',
			`Sitemap: ${url.origin}/sitemap.xml`,
			''
		].join('\n'),
		{
			headers: {
				'content-type': 'text/plain; charset=utf-8',
				'cache-control': 'public, max-age=3600'
			}
		}
	);
