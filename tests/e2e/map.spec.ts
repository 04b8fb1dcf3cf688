import { getDocumentProxy, extractText } from 'unpdf';
import { PNG } from 'pngjs';
import type { Page, Locator } from '@playwright/test';
import { test, expect, expectNoAxeViolations, hydrated, plain } from './fixtures';

/** Counts screenshot pixels within a small distance of an RGB colour. */
async function countColour(target: Locator, [r, g, b]: [number, number, number], tolerance = 40) {
	const png = PNG.sync.read(await target.screenshot());
	let n = 0;
	for (let i = 0; i < png.data.length; i += 4) {
		const d =
			Math.abs(png.data[i] - r) + Math.abs(png.data[i + 1] - g) + Math.abs(png.data[i + 2] - b);
		if (d < tolerance) n++;
	}
	return n;
}

async function mapReady(page: Page) {
	const map = page.getByTestId('map').first();
	await expect(map).toHaveAttribute('data-state', 'ready');
	await expect(map).toHaveAttribute('data-rendered-items', /^[1-9]\d*$/, { timeout: 15_000 });
	return map;
}

const rendered = async (page: Page) =>
	Number(await page.getByTestId('map').getAttribute('data-rendered-items'));

test.describe('the map', () => {
	test('renders our offline layers on a WebGL canvas', async ({ page }) => {
		await page.goto('/carte');
		const map = await mapReady(page);
		const canvas = map.locator('canvas');
		expect(
			await countColour(canvas, [0x1d, 0x4e, 0x89]),
			'Contrat de ville markers'
		).toBeGreaterThan(30);
		expect(
			await countColour(canvas, [0xa4, 0x26, 0x2c]),
			'Action Cœur de Ville markers'
		).toBeGreaterThan(30);
		expect(await countColour(canvas, [0x4a, 0x53, 0x60], 20), 'commune boundary').toBeGreaterThan(
			200
		);
		await expect(page.locator('.map-credits')).toContainText('IGN Admin Express');
		await expectNoAxeViolations(page);
	});

	test('a filter changes what the map shows and the URL', async ({ page }) => {
		await page.goto('/carte');
		await mapReady(page);
		const before = await rendered(page);
		await expect(page.getByTestId('item-count')).toHaveText('17 éléments localisés');
		// The legend names the programmes of the items shown, and only them.
		const colours = page
			.getByRole('region', { name: 'Légende' })
			.locator('h3:text-is("Couleur : programme") + ul > li');
		expect(await colours.count()).toBeGreaterThan(1);
		await page.getByLabel('Programme').selectOption('action-coeur-de-ville');
		await expect(page).toHaveURL(/programme=action-coeur-de-ville/);
		await expect(page.getByTestId('item-count')).toHaveText('7 éléments localisés');
		await expect(colours).toHaveCount(1);
		await expect(colours).toHaveText('Action Cœur de Ville');
		await expect.poll(() => rendered(page)).toBeLessThan(before);
		await page.getByLabel('Recherche').fill('Halle');
		await page.getByLabel('Recherche').press('Enter');
		await expect(page).toHaveURL(/q=Halle/);
		await expect(page.getByTestId('item-count')).toHaveText('1 élément localisé');
		await expect.poll(() => rendered(page)).toBe(1);
		// The shared URL reproduces the view.
		await page.goto('/carte?programme=action-coeur-de-ville&q=Halle');
		await mapReady(page);
		await expect(page.getByTestId('feature-list').getByRole('link')).toHaveText(
			'Action 6 – Requalification de la Halle de Cahors'
		);
	});

	test('clicking a marker opens its popup with a link to its page', async ({ page }) => {
		await page.goto('/carte?q=Halle');
		const map = await mapReady(page);
		const point = await map.evaluate((el) => {
			const m = (
				el as unknown as { __map: { project(c: [number, number]): { x: number; y: number } } }
			).__map;
			return m.project([1.4416, 44.4484]);
		});
		await map.locator('canvas').click({ position: { x: point.x, y: point.y } });
		const popup = page.locator('.maplibregl-popup');
		await expect(popup).toContainText('Requalification de la Halle de Cahors');
		await expect(popup).toContainText('Action Cœur de Ville');
		await expect(popup).toContainText('Position approximative');
		// Every field in French, never "undefined"; the link is not under the attribution.
		await expect(popup).toContainText(/Avancement\s*(non renseigné|\d+\s%)/);
		await expect(popup).not.toContainText('undefined');
		const link = popup.getByRole('link', { name: /Ouvrir la fiche/ });
		// Nothing covers it (Playwright's hit test: the attribution bar used to).
		await link.click({ trial: true, timeout: 2000 });
		await link.click();
		await expect(page).toHaveURL(/\/programmes\/action-coeur-de-ville\/actions\/6$/);
	});

	test('the list beside the map works by keyboard', async ({ page }) => {
		await page.goto('/carte?programme=terre-rouge');
		await mapReady(page);
		const button = page.getByRole('button', {
			name: /Afficher sur la carte : Tranche 1.*bâtiment C/
		});
		await button.focus();
		await page.keyboard.press('Enter');
		await expect(page.locator('.maplibregl-popup')).toContainText(
			'Tranche 1 : immeubles B, C et D'
		);
		await expect(page.locator('.maplibregl-popup')).toContainText('4 534 948');
		// The popup comes next in the keyboard order; closing it returns to the list.
		await expect(page.locator('.maplibregl-popup a')).toBeFocused();
		await page.getByRole('button', { name: 'Fermer la fiche' }).focus();
		await page.keyboard.press('Enter');
		await expect(button).toBeFocused();
	});

	test('map controls speak French, the focused map shows a ring, nothing scrolls past the footer', async ({
		page
	}) => {
		await page.goto('/carte');
		const map = await mapReady(page);
		await expect(page.getByRole('button', { name: 'Zoomer', exact: true })).toBeVisible();
		await expect(page.getByRole('button', { name: 'Dézoomer', exact: true })).toBeVisible();
		await expect(map.locator('canvas')).toHaveAttribute('aria-label', 'Carte');
		await map.locator('canvas').focus();
		await page.keyboard.press('ArrowUp');
		const outline = await map
			.locator('canvas')
			.evaluate((c) => getComputedStyle(c).outlineStyle + ' ' + getComputedStyle(c).outlineWidth);
		expect(outline).toBe('solid 3px');
		const { scrollHeight, footerBottom } = await page.evaluate(() => ({
			scrollHeight: document.documentElement.scrollHeight,
			footerBottom: document.querySelector('.site-footer')!.getBoundingClientRect().bottom + scrollY
		}));
		expect(scrollHeight - footerBottom).toBeLessThanOrEqual(2);
	});

	test('a layer can be hidden', async ({ page }) => {
		await page.goto('/carte');
		await mapReady(page);
		await page.getByRole('checkbox', { name: 'Actions et opérations' }).uncheck();
		await expect.poll(() => rendered(page)).toBe(0);
	});

	test('action, operation and organisation pages show their own places', async ({ page }) => {
		for (const url of [
			'/programmes/action-coeur-de-ville/actions/6',
			'/operations/terre-rouge-tranche-1',
			'/organisations/lot-habitat'
		]) {
			await page.goto(url);
			await mapReady(page);
			await expectNoAxeViolations(page);
		}
	});

	test('residents’ works calendar: by building, plain dates, no budget', async ({ page }) => {
		await page.goto('/operations/terre-rouge-tranche-1/calendrier');
		await expect(page.getByRole('heading', { level: 1 })).toContainText(
			'Travaux dans votre résidence'
		);
		const d = page.getByTestId('building-D');
		await expect(d).toContainText('de janvier à juin 2024');
		await expect(d).toContainText('Réfection de la toiture du bâtiment D');
		await expect(page.getByTestId('building-C')).toContainText('d’octobre à décembre 2023');
		// The document names no building for the balcony foundations of step 4: the notice says so.
		await expect(d.locator('ul li').filter({ hasText: 'Création des fondations' })).toContainText(
			'déduit'
		);
		// Each step keeps the document's words.
		await d.getByText('Source').first().click();
		await expect(d).toContainText('1er semestre 2024');
		const text = (await page.locator('main').textContent()) ?? '';
		expect(text).not.toMatch(/€|financement|Fonds propres/i);
		// The seed's import is no confirmation: the notice does not claim an update it never had.
		await expect(page.getByTestId('calendar-confirmed')).toContainText(
			'n’ont pas encore été confirmées'
		);
		expect(text).not.toMatch(/Mis à jour/);
		await expectNoAxeViolations(page);
		// Words, not glyphs: no step starts with a bare sign.
		for (const when of await page.locator('.when').allTextContents())
			expect(when.trim()).toMatch(/^(en|de|d’|d'|à|le|au|vers|[A-Za-zÀ-ÿ0-9])/);
		// Whom to ask: the landlord and Grand Cahors (settings, "non renseigné" until set).
		const contacts = page.getByTestId('calendar-contacts');
		await expect(contacts).toContainText('Lot Habitat');
		await expect(contacts).toContainText('Grand Cahors');
		await page.emulateMedia({ media: 'print' });
		await expect(page.getByRole('button', { name: /Imprimer/ })).toBeHidden();
		// One A4 page, as residents get it on the notice board.
		const pdf = await getDocumentProxy(
			new Uint8Array(await page.pdf({ format: 'A4', preferCSSPageSize: true }))
		);
		expect(pdf.numPages).toBe(1);
		const printed = plain((await extractText(pdf, { mergePages: true })).text);
		expect(printed).toContain('Bâtiment D');
		expect(printed).not.toContain('Se connecter');
	});
});

test.describe('basemap setting', () => {
	test('falls back to the offline style, says so, and still draws our layers', async ({ page }) => {
		await page.goto('http://127.0.0.1:4174/connexion');
		await hydrated(page);
		await page.getByLabel('Adresse e-mail').fill('elu@demo.grandcahors.fr');
		await page.getByLabel('Mot de passe').fill('Demo-Cahors-2026');
		await page.getByRole('button', { name: 'Se connecter' }).click();
		await expect(page.getByRole('link', { name: /Élu \(démo\)/ })).toBeVisible();
		await page.goto('http://127.0.0.1:4174/carte');
		await expect(page.getByTestId('map-message')).toContainText(
			'Le fond de carte n’a pas pu être chargé'
		);
		await mapReady(page);
	});
});

test.describe('places GeoJSON endpoint', () => {
	test('returns a valid FeatureCollection, filterable, with caching', async ({ request }) => {
		const res = await request.get('/api/v1/places.geojson');
		expect(res.status()).toBe(200);
		expect(res.headers()['content-type']).toContain('application/geo+json');
		const fc = await res.json();
		expect(fc.type).toBe('FeatureCollection');
		expect(fc.features.length).toBeGreaterThan(15);
		for (const f of fc.features) {
			expect(f.type).toBe('Feature');
			expect(['Point', 'Polygon', 'MultiPolygon']).toContain(f.geometry.type);
			expect(Array.isArray(f.geometry.coordinates)).toBe(true);
			expect(typeof f.properties.name).toBe('string');
			expect(typeof f.properties.layer).toBe('string');
			expect(typeof f.properties.inferred).toBe('boolean');
		}
		const items = (fc.features as { properties: { layer: string } }[]).filter(
			(f) => f.properties.layer === 'items'
		);
		const acv = await (
			await request.get('/api/v1/places.geojson?programme=action-coeur-de-ville')
		).json();
		const acvItems = acv.features.filter(
			(f: { properties: { layer: string } }) => f.properties.layer === 'items'
		);
		expect(acvItems.length).toBeLessThan(items.length);
		expect(
			acvItems.every(
				(f: { properties: { programme: string } }) =>
					f.properties.programme === 'action-coeur-de-ville'
			)
		).toBe(true);

		const etag = res.headers()['etag'];
		expect(etag).toBeTruthy();
		const again = await request.get('/api/v1/places.geojson', {
			headers: { 'if-none-match': etag }
		});
		expect(again.status()).toBe(304);

		const bad = await request.get('/api/v1/places.geojson?status=fini');
		expect(bad.status()).toBe(400);
		expect((await bad.json()).error.message).toContain('status');
		expect((await request.get('/api/v1/places.geojson?zoom=3')).status()).toBe(400);
	});
});
