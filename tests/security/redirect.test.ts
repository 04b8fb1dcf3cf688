import { describe, it, expect } from 'vitest';
import { safeRedirectTarget } from '../../src/lib/server/http/redirect';

const ORIGIN = 'https://tableau.grandcahors.fr';

describe('after sign-in, only a path of our own origin', () => {
	const hostile = [
		'//evil.example',
		'/\\evil.example',
		'\\\\evil.example',
		'/\t/evil.example',
		'/\n/evil.example',
		'/\r\n/evil.example',
		'/.//evil.example',
		'/%2e//evil.example',
		'https://evil.example/',
		'http://tableau.grandcahors.fr/', // another scheme is another origin
		'javascript:alert(1)',
		'JaVaScRiPt:alert(1)',
		' /programmes',
		'data:text/html,<script>alert(1)</script>',
		'///evil.example',
		'/' + 'a'.repeat(3000),
		'',
		null,
		undefined
	];
	it.each(hostile.map((h) => [JSON.stringify(h), h]))('%s → "/"', (_, value) => {
		const target = safeRedirectTarget(value, ORIGIN);
		expect(target).toBe('/');
	});

	it.each(['/%2F%2Fevil.example', '/%09/evil.example', '/%5Cevil.example', '/%0d%0a/evil.example'])(
		'encoded %s stays a path on our site',
		(value) => {
			const target = safeRedirectTarget(value, ORIGIN);
			expect(target.startsWith('/') && !target.startsWith('//')).toBe(true);
			// As a browser reads the Location header:
			expect(new URL(target, ORIGIN).origin).toBe(ORIGIN);
		}
	);

	it('keeps a genuine path with its query and fragment', () => {
		expect(safeRedirectTarget('/programmes/contrat-de-ville?onglet=jalons#j3', ORIGIN)).toBe(
			'/programmes/contrat-de-ville?onglet=jalons#j3'
		);
		expect(safeRedirectTarget('/partenaires/portail', ORIGIN)).toBe('/partenaires/portail');
	});
});
