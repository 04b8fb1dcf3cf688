import { test, expect, loginAs, plain } from './fixtures';
import { SITE_PAGES } from '../../src/lib/domain/site-map';

test.describe('legal pages', () => {
	test('every footer states the accessibility conformity and links the legal pages', async ({
		page
	}) => {
		for (const path of ['/', '/carte', '/programmes/contrat-de-ville']) {
			await page.goto(path);
			const footer = page.locator('.site-footer');
			await expect(
				footer.getByRole('link', { name: 'Accessibilité : partiellement conforme' })
			).toHaveAttribute('href', '/accessibilite');
			for (const name of ['Mentions légales', 'Données personnelles', 'Plan du site'])
				await expect(footer.getByRole('link', { name })).toBeVisible();
			// One meta description per page, this page's own.
			const meta = page.locator('meta[name="description"]');
			await expect(meta).toHaveCount(1);
			expect((await meta.getAttribute('content'))!.length).toBeGreaterThan(30);
		}
	});

	test('the accessibility statement follows the RGAA model and lists what was checked', async ({
		page
	}) => {
		await page.goto('/accessibilite');
		await expect(page.getByTestId('conformity')).toContainText('partiellement conforme');
		for (const heading of [
			'État de conformité',
			'Résultats des tests',
			'Contenus non accessibles',
			'Établissement de cette déclaration d’accessibilité',
			'Retour d’information et contact',
			'Voies de recours'
		])
			await expect(page.getByRole('heading', { name: heading })).toBeVisible();
		await expect(page.getByText('Défenseur des droits').first()).toBeVisible();
		await expect(page.getByTestId('checked-pages').getByRole('listitem')).toHaveCount(
			SITE_PAGES.length
		);
		await expect(page.getByTestId('non-accessible')).toContainText('carte');
	});

	test('what only the operator knows is "non renseigné" to visitors and "à compléter" to admins', async ({
		page
	}) => {
		await page.goto('/mentions-legales');
		await expect(page.getByTestId('director')).toHaveText('non renseigné');
		await page.goto('/donnees-personnelles');
		await expect(page.getByTestId('relocation-retention')).toContainText('5 ans après la clôture');
		expect(plain(await page.getByTestId('processing').textContent())).toContain(
			'masquent les effectifs de 1 à 4 ménages'
		);
		await loginAs(page, 'admin');
		await page.goto('/mentions-legales');
		await expect(page.getByTestId('director')).toContainText('à compléter (réglage SITE_DIRECTOR)');
	});

	test('robots.txt keeps signed-in areas out of search engines; the sitemap lists public pages', async ({
		page,
		request
	}) => {
		const robots = await (await request.get('/robots.txt')).text();
		expect(robots).toContain('Disallow: /admin/');
		expect(robots).toContain('Disallow: /operations/*/relogement');
		expect(robots).toMatch(/Sitemap: http:\/\/127\.0\.0\.1:\d+\/sitemap\.xml/);
		// The XML sitemap it names: public pages and programme pages, nothing signed-in.
		const sitemap = await request.get('/sitemap.xml');
		expect(sitemap.headers()['content-type']).toContain('application/xml');
		const xml = await sitemap.text();
		expect(xml).toMatch(/^<\?xml version="1\.0" encoding="UTF-8"\?>\n<urlset /);
		const locs = [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => new URL(m[1]).pathname);
		expect(locs).toEqual(expect.arrayContaining(['/', '/carte', '/programmes/terre-rouge']));
		expect(locs).not.toContain('/compte');
		expect(locs.some((l) => l.startsWith('/admin'))).toBe(false);
		await page.goto('/plan-du-site');
		await expect(page.getByRole('link', { name: 'Carte' }).last()).toHaveAttribute(
			'href',
			'/carte'
		);
		await expect(page.getByRole('link', { name: 'Utilisateurs' })).toHaveCount(0);
	});
});
