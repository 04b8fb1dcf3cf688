import type { RequestHandler } from './$types';
import { db } from '$lib/server/db/client';
import { SITE_PAGES } from '$lib/domain/site-map';
import { programmeOptions } from '$lib/server/programmes/queries';

const escapeXml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The sitemap search engines read (robots.txt names it): public pages and every programme's page. */
export const GET: RequestHandler = ({ url }) => {
	const paths = [
		...SITE_PAGES.filter((p) => p.access === 'public' && !p.unlisted && !p.route.includes('[')).map(
			(p) => p.route
		),
		...programmeOptions(db()).map((p) => `/programmes/${encodeURIComponent(p.slug)}`)
	];
	const body = [
		'<?xml version="1.0" encoding="UTF-8"?>',
		'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
		...[...new Set(paths)].map((p) => `<url><loc>${escapeXml(url.origin + p)}</loc></url>`),
		'</urlset>',
		''
	].join('\n');
	return new Response(body, {
		headers: {
			'content-type': 'application/xml; charset=utf-8',
			'cache-control': 'public, max-age=3600'
		}
	});
};
