import { test, expect } from '@playwright/test';

test.describe('open-data API v1', () => {
	test('lists programmes', async ({ request }) => {
		const res = await request.get('/api/v1/programmes');
		expect(res.status()).toBe(200);
		const body = await res.json();
		expect(body.map((p: { slug: string }) => p.slug)).toEqual([
			'contrat-de-ville',
			'action-coeur-de-ville',
			'terre-rouge',
			'opah-ru'
		]);
		expect(body[0]).toEqual({
			slug: 'contrat-de-ville',
			name: expect.any(String),
			// dates as precise as the documents give them, never a first of January passed off as a day
			start: '2024',
			startPrecision: 'year',
			end: '2030',
			endPrecision: 'year',
			actionCount: 17,
			source: expect.stringMatching(/^Dossier de presse : signature du Contrat de ville .* : « /)
		});
	});

	test('lists a programme’s actions, and 404s on an unknown slug', async ({ request }) => {
		const res = await request.get('/api/v1/programmes/action-coeur-de-ville/actions');
		const actions = await res.json();
		expect(actions).toHaveLength(22);
		expect(Object.keys(actions[0]).sort()).toEqual([
			'axis',
			'code',
			'id',
			'inferred',
			'number',
			'progress',
			'source',
			'status',
			'title'
		]);
		const missing = await request.get('/api/v1/programmes/nulle-part/actions');
		expect(missing.status()).toBe(404);
		expect((await missing.json()).error.message).toContain('nulle-part');
	});

	test('funding: JSON and CSV agree; bad queries are 400', async ({ request }) => {
		const json = await (await request.get('/api/v1/funding?programme=terre-rouge')).json();
		expect(json).toHaveLength(4);
		expect(json.reduce((s: number, l: { amountCents: number }) => s + l.amountCents, 0)).toBe(
			453_494_800
		);
		const csvRes = await request.get('/api/v1/funding.csv?programme=terre-rouge');
		expect(csvRes.headers()['content-type']).toContain('text/csv');
		const lines = (await csvRes.text()).trim().split('\n');
		expect(lines[0]).toBe(
			'partner,kind,amountCents,tax,status,actionId,operationId,programme,source,inferred'
		);
		expect(lines).toHaveLength(5);
		const bad = await request.get('/api/v1/funding?programme=<script>');
		expect(bad.status()).toBe(400);
		expect((await bad.json()).error.message).toContain('programme');
		expect((await request.get('/api/v1/funding?annee=2024')).status()).toBe(400);
		expect((await request.get('/api/v1/funding?programme=inconnu')).status()).toBe(404);
	});

	test('CSV versions of the lists', async ({ request }) => {
		const programmes = await (await request.get('/api/v1/programmes.csv')).text();
		expect(programmes.split('\n')[0]).toBe(
			'slug,name,start,startPrecision,end,endPrecision,actionCount,source'
		);
		const actions = await (
			await request.get('/api/v1/programmes/contrat-de-ville/actions.csv')
		).text();
		expect(actions.trim().split('\n')).toHaveLength(18);
	});
});

test.describe('security headers', () => {
	test('every kind of answer carries them; page data is JSON, never the page', async ({
		request
	}) => {
		for (const path of ['/', '/__data.json', '/api/v1/programmes', '/exports/actions.csv']) {
			const res = await request.get(path);
			const h = res.headers();
			expect(h['x-content-type-options'], path).toBe('nosniff');
			expect(h['referrer-policy'], path).toBe('strict-origin-when-cross-origin');
			expect(h['permissions-policy'], path).toContain('camera=()');
			expect(h['content-security-policy'], path).toContain("frame-ancestors 'none'");
		}
		const page = (await request.get('/')).headers()['content-security-policy'];
		expect(page).toMatch(/img-src 'self' data: blob:(;|$)/);
		expect(page).not.toContain('https:');
		// The anonymous cache answers page data as JSON, the second time too.
		for (let i = 0; i < 2; i++) {
			const data = await request.get('/programmes/__data.json');
			expect(data.headers()['content-type']).toContain('application/json');
		}
	});
});
