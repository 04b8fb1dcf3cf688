import { describe, it, expect } from 'vitest';
import { basemapOrigins, widenCsp } from '../../src/lib/server/http/headers';
import { pdfOrigin } from '../../src/lib/server/pdf';

describe('the CSP allows our origin plus the configured basemap, nothing else', () => {
	it('takes https origins from the style URL and BASEMAP_HOSTS, ignores the rest', () => {
		expect(
			basemapOrigins({
				PUBLIC_BASEMAP_STYLE_URL:
					'https://data.geopf.fr/annexes/ressources/vectorTiles/styles/PLAN.IGN/standard.json',
				BASEMAP_HOSTS: 'https://tiles.example.fr, http://insecure.example, pas une url'
			})
		).toEqual(['https://data.geopf.fr', 'https://tiles.example.fr']);
		expect(basemapOrigins({})).toEqual([]);
	});

	it('adds them to img-src and connect-src only', () => {
		const csp =
			"default-src 'self'; img-src 'self' data: blob:; connect-src 'self'; frame-ancestors 'none'";
		const wide = widenCsp(csp, ['https://data.geopf.fr']);
		expect(wide).toContain("img-src 'self' data: blob: https://data.geopf.fr");
		expect(wide).toContain("connect-src 'self' https://data.geopf.fr");
		expect(wide).toContain("default-src 'self';");
		expect(wide).not.toMatch(/https:(?!\/\/data)/);
		expect(widenCsp(csp, [])).toBe(csp);
	});
});

describe('the PDF service loads the report from the configured origin only', () => {
	it('uses PDF_ORIGIN, else ORIGIN, else the local server; never a request header', () => {
		expect(pdfOrigin({ PDF_ORIGIN: 'http://127.0.0.1:3000/x', ORIGIN: 'https://a.fr' })).toBe(
			'http://127.0.0.1:3000'
		);
		expect(pdfOrigin({ ORIGIN: 'https://tableau.grandcahors.fr' })).toBe(
			'https://tableau.grandcahors.fr'
		);
		expect(pdfOrigin({ PORT: '4173' })).toBe('http://127.0.0.1:4173');
		expect(pdfOrigin({ ORIGIN: 'pas une url', PORT: '8080' })).toBe('http://127.0.0.1:8080');
	});
});
