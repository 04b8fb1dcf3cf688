import { describe, it, expect } from 'vitest';
import { basemapOrigins, widenCsp } from '../../src/lib/server/http/headers';

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
