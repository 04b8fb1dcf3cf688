import type { Handle } from '@sveltejs/kit';

/**
 * Origins the browser may load images and data from besides our own: the configured basemap's
 * style host and any hosts its tiles and glyphs come from (BASEMAP_HOSTS, comma-separated origins).
 */
export function basemapOrigins(env: Record<string, string | undefined> = process.env): string[] {
	const out = new Set<string>();
	const add = (value: string) => {
		try {
			const u = new URL(value.trim());
			if (u.protocol === 'https:') out.add(u.origin);
		} catch {
			// not a URL: ignored (and so not allowed)
		}
	};
	if (env.PUBLIC_BASEMAP_STYLE_URL) add(env.PUBLIC_BASEMAP_STYLE_URL);
	for (const h of (env.BASEMAP_HOSTS ?? '').split(',')) if (h.trim()) add(h);
	return [...out];
}

/** Adds the basemap's origins to the img-src and connect-src directives SvelteKit wrote. */
export function widenCsp(csp: string, origins: string[]): string {
	if (!origins.length) return csp;
	return csp
		.split(';')
		.map((d) => {
			const name = d.trim().split(/\s+/)[0];
			return name === 'img-src' || name === 'connect-src' ? `${d.trim()} ${origins.join(' ')}` : d;
		})
		.join(';');
}

/** Whether the public origin is https: from ORIGIN when set, else from the request itself. */
const isHttps = (url: URL) =>
	process.env.ORIGIN ? process.env.ORIGIN.startsWith('https:') : url.protocol === 'https:';

/**
 * Security headers on every answer: no MIME sniffing, a strict referrer, no powerful browser
 * features, no framing, HSTS behind https. The CSP itself comes from svelte.config.js (with hashes
 * for SvelteKit's inline scripts); only the basemap's hosts are added here, from the settings.
 */
export const securityHeaders: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	const h = response.headers;
	const set = (name: string, value: string) => {
		// Some responses (e.g. a cached one) are immutable copies: never let a header break the answer.
		try {
			h.set(name, value);
		} catch {
			/* immutable headers: nothing to add */
		}
	};
	set('x-content-type-options', 'nosniff');
	set('referrer-policy', 'strict-origin-when-cross-origin');
	set(
		'permissions-policy',
		'camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()'
	);
	set('x-frame-options', 'DENY');
	// What a signed-in person sees (relocation cases, applications, internal notes) stays out of
	// shared and browser caches.
	if (event.locals.user && !event.url.pathname.startsWith('/_app/'))
		set('cache-control', 'private, no-store');
	set('cross-origin-opener-policy', 'same-origin');
	if (isHttps(event.url)) set('strict-transport-security', 'max-age=31536000; includeSubDomains');
	const csp = h.get('content-security-policy');
	if (csp) set('content-security-policy', widenCsp(csp, basemapOrigins()));
	else if (
		response.status !== 304 &&
		!/text\/html|application\/pdf/.test(h.get('content-type') ?? '')
	)
		// JSON, CSV, GeoJSON, files: nothing in them may run or be framed. (Browsers' PDF viewers
		// need scripts of their own, so a PDF keeps the default. A 304 keeps the headers of the
		// answer it revalidates: a sandbox there would break the page the browser already has.)
		set('content-security-policy', "default-src 'none'; frame-ancestors 'none'; sandbox");
	return response;
};
