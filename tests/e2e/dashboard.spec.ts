import { PNG } from 'pngjs';
import { getDocumentProxy, extractText } from 'unpdf';
import type { Locator } from '@playwright/test';
import { STATUS_COLOURS } from '../../src/lib/domain/charts';
import { test, expect, expectNoAxeViolations, plain, loginAs } from './fixtures';

/** Share of a canvas screenshot's pixels that are not (near) white: the chart drew something. */
async function inkShare(canvas: Locator) {
	const png = PNG.sync.read(await canvas.screenshot());
	let ink = 0;
	for (let i = 0; i < png.data.length; i += 4)
		if (png.data[i] + png.data[i + 1] + png.data[i + 2] < 600) ink++;
	return ink / (png.width * png.height);
}

const euros = (s: string) => Number(plain(s).replace(/[ €]/g, '').replace(',', '.'));

test.describe('elected officials’ dashboard', () => {
	test('charts render on canvas once chart.js has loaded', async ({ page }) => {
		await page.goto('/');
		for (const id of [
			'actions-etat-axe',
			'financements-financeur',
			'financements-nature',
			'calendrier'
		]) {
			const canvas = page.getByTestId(`chart-${id}`).locator('canvas');
			await expect(canvas).toHaveAttribute('data-ready', 'true');
			expect(await inkShare(canvas), id).toBeGreaterThan(0.02);
		}
		await expectNoAxeViolations(page);
	});

	test('the funder table shows the same sums as the open-data funding API', async ({
		page,
		request
	}) => {
		const lines: { partner: string; amountCents: number }[] = await (
			await request.get('/api/v1/funding')
		).json();
		const expected = new Map<string, number>();
		for (const l of lines) expected.set(l.partner, (expected.get(l.partner) ?? 0) + l.amountCents);
		await page.goto('/');
		await page.getByTestId('chart-financements-financeur').getByText('Tableau des données').click();
		const table = page.getByTestId('table-financements-financeur');
		const rows = table.locator('tbody tr');
		await expect(rows).toHaveCount(expected.size);
		for (const [partner, cents] of expected) {
			const cell = rows
				.filter({ has: page.locator('th', { hasText: new RegExp(`^${partner}$`) }) })
				.locator('td[data-series="amount"]');
			expect(euros((await cell.textContent()) ?? '') * 100, partner).toBe(cents);
		}
		expect(plain(await page.getByTestId('kpi-funding').textContent())).toContain('4 534 948 €');
	});

	test('filters change the figures and stay in the URL', async ({ page }) => {
		await page.goto('/');
		await expect(page.getByTestId('kpi-actions').locator('.kpi-value')).toHaveText('39');
		await page.getByLabel('Programme').selectOption('contrat-de-ville');
		await expect(page).toHaveURL(/programme=contrat-de-ville/);
		await expect(page.getByTestId('kpi-actions').locator('.kpi-value')).toHaveText('17');
		await page.getByRole('combobox', { name: 'Axe' }).selectOption('2');
		await expect(page).toHaveURL(/axis=2/);
		await expect(page.getByTestId('kpi-actions').locator('.kpi-value')).toHaveText('3');
		const statusTable = page.getByTestId('table-actions-etat-axe');
		await expect(statusTable.locator('tbody tr')).toHaveCount(1);

		await page.goto('/?funder=departement-lot');
		expect(plain(await page.getByTestId('kpi-funding').textContent())).toContain('144 000 €');
		await page.goto('/?from=2024&to=2024');
		await expect(
			page.getByTestId('table-calendrier').locator('tbody tr').filter({ hasText: 'T4 2023' })
		).toHaveCount(0);
		await expect(
			page.getByTestId('table-calendrier').locator('tbody tr').filter({ hasText: 'S1 2024' })
		).toHaveCount(1);
	});

	test('past milestones nobody confirmed are "à confirmer", not late; the seed history shows as changes', async ({
		page
	}) => {
		await page.goto('/');
		// The seeded 2023-2024 steps were never confirmed by a person: the app cannot call them late.
		const toConfirm = page.getByTestId('watch-to-confirm');
		await expect(toConfirm).toContainText('Étape 2');
		await expect(toConfirm).toContainText('Lot Habitat');
		await expect(page.getByTestId('kpi-late')).toHaveText('0 en retard');
		await expect(page.getByTestId('kpi-to-confirm')).toHaveAttribute('href', '#a-confirmer');
		await expect(page.getByTestId('kpi-funding')).toContainText('aucun engagement enregistré');
		await expect(page.getByTestId('changes-other')).toContainText('Import initial des données :');
		await expect(page.getByTestId('changes-milestone_added')).toHaveCount(0);
		await expect(page.getByTestId('watch-stale')).toContainText('Action 1');
	});

	test('an official’s first screen says what needs attention, the money and what changed', async ({
		page
	}) => {
		const inView = async (testid: string, height: number) => {
			const box = (await page.getByTestId(testid).boundingBox())!;
			return box.y >= 0 && box.y + box.height <= height;
		};
		for (const [width, height] of [
			[390, 844],
			[1366, 768]
		]) {
			await page.setViewportSize({ width, height });
			await page.goto('/');
			expect(await inView('first-to-confirm', height), `${width} px`).toBe(true);
			expect(await inView('first-late', height), `${width} px`).toBe(true);
			expect(await inView('first-due', height), `${width} px`).toBe(true);
			expect(await inView('first-planned', height), `${width} px`).toBe(true);
			if (width > 1000) expect(await inView('first-changes', height)).toBe(true);
		}
		await expect(page.getByTestId('first-to-confirm')).toContainText('7 jalons à confirmer');
		await expect(page.getByTestId('first-planned')).toContainText('4 534 948 €');
		// The headline figures are links to their lists.
		await page.getByTestId('first-late').click();
		await expect(page).toHaveURL(/#en-retard$/);
		await expect(page.locator('#en-retard')).toBeInViewport();
		await page.getByTestId('first-to-confirm').click();
		await expect(page.locator('#a-confirmer')).toBeInViewport();
		await expectNoAxeViolations(page);
	});

	test('the council report prints to a PDF with the programme’s figures', async ({
		page,
		request
	}) => {
		await page.goto('/rapport?programme=terre-rouge');
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(
			'Réhabilitation de la résidence Terre-Rouge'
		);
		await expect(page.getByTestId('produced')).toContainText('Produit le');
		await expectNoAxeViolations(page);

		const res = await request.get('/rapport.pdf?programme=terre-rouge', { timeout: 60_000 });
		expect(res.status()).toBe(200);
		expect(res.headers()['content-type']).toBe('application/pdf');
		const pdf = await getDocumentProxy(new Uint8Array(await res.body()));
		const { text } = await extractText(pdf, { mergePages: false });
		const pages = text.map((t) => plain(t).replace(/\s+/g, ' '));
		const flat = pages.join(' ');
		expect(flat).toContain('Réhabilitation de la résidence Terre-Rouge');
		expect(flat).toContain('4 534 948 €');
		expect(flat).toContain('Banque des Territoires');
		expect(flat).toMatch(/Produit le \d+ \p{L}+ 20\d\d/u);
		// A4 portrait, a handful of pages, each numbered "page X / Y" with the title in the margin.
		expect(pdf.numPages).toBeGreaterThanOrEqual(2);
		expect(pdf.numPages).toBeLessThanOrEqual(8);
		const first = await pdf.getPage(1);
		const [, , w, h] = first.view;
		expect(Math.round(w)).toBe(595);
		expect(Math.round(h)).toBe(842);
		pages.forEach((t, i) => {
			expect(t).toContain(`page ${i + 1} / ${pdf.numPages}`);
			expect(t).toContain('Rapport au conseil – Réhabilitation de la résidence Terre-Rouge');
		});
		// The cover first: programme, period, production date; then what needs attention.
		expect(pages[0]).toContain('(2023 – 2028)');
		expect(pages[0].indexOf('Chiffres clés')).toBeGreaterThan(0);
		expect(flat.indexOf('À surveiller')).toBeLessThan(flat.indexOf('Graphiques et tableaux'));
		// The anonymous edition says so; no sign-in link, no import noise.
		expect(flat).toContain('publique : sans les noms des agents');
		expect(flat).not.toContain('Se connecter');
		expect(flat).not.toContain('Import initial');
		// Bookmarks from the headings, and a tagged (structured) PDF.
		type Entry = { title: string; items: Entry[] };
		const titles = (entries: Entry[]): string[] =>
			entries.flatMap((e) => [e.title, ...titles(e.items ?? [])]);
		const outline = titles((await pdf.getOutline()) ?? []);
		expect(outline[0]).toBe('Réhabilitation de la résidence Terre-Rouge');
		expect(outline).toContain('Chiffres clés');
		expect(outline).toContain('À surveiller');
		expect((await pdf.getMarkInfo())?.Marked).toBe(true);
		expect(res.headers()['x-cache']).toBe('miss');

		// The same report on the same data comes from the cache; a forged Host changes nothing.
		const again = await request.get('/rapport.pdf?programme=terre-rouge', {
			headers: { host: 'evil.example' }
		});
		expect(again.status()).toBe(200);
		expect(again.headers()['x-cache']).toBe('hit');
	});

	test('status badges wear the colour the charts draw their status with', async ({ page }) => {
		await page.goto('/programmes/contrat-de-ville');
		const badges = page.locator('.badge[data-status]');
		expect(await badges.count()).toBeGreaterThan(3);
		const seen = await badges.evaluateAll((els) =>
			els.map((e) => [e.getAttribute('data-status')!, getComputedStyle(e).color])
		);
		const rgb = (hex: string) =>
			`rgb(${[1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)).join(', ')})`;
		const key: Record<string, string> = { in_progress: 'en_cours', cancelled: 'abandonnee' };
		for (const [status, colour] of seen)
			expect(colour, status).toBe(rgb(STATUS_COLOURS[key[status] ?? status].colour));
	});

	test('the report’s cover says whose edition it is and whether it names the authors', async ({
		page
	}) => {
		await page.goto('/rapport');
		await expect(page.getByTestId('report-reader')).toHaveText(
			/publique\s:\ssans les noms des agents ni les notes internes/
		);
		await loginAs(page, 'elu');
		await page.goto('/rapport');
		await expect(page.getByTestId('report-reader')).toContainText(
			'noms des auteurs des modifications inclus'
		);
		// A funder does not read staff names: its edition says so.
		await page.context().clearCookies();
		await loginAs(page, 'departement');
		await page.goto('/rapport');
		await expect(page.getByTestId('report-reader')).toContainText('sans nom');
		await expect(page.getByTestId('report-reader')).not.toContainText('noms des auteurs');
	});

	test('printed at the paper’s width, every chart fits its page', async ({ page }) => {
		// A4 portrait less the report's 12 mm side margins: the width the PDF service lays out at.
		await page.setViewportSize({ width: 703, height: 1000 });
		await page.emulateMedia({ media: 'print' });
		await page.goto('/rapport');
		await expect(page.locator('canvas[data-chart]:not([data-ready])')).toHaveCount(0);
		const charts = page.locator('canvas[data-chart]');
		expect(await charts.count()).toBeGreaterThanOrEqual(4);
		for (const canvas of await charts.all()) {
			const c = (await canvas.boundingBox())!;
			const card = (await canvas.locator('xpath=ancestor::figure').boundingBox())!;
			expect(c.x + c.width).toBeLessThanOrEqual(card.x + card.width);
			expect(c.x + c.width).toBeLessThanOrEqual(703);
		}
		// The site's header and sign-in link are not printed; the cover is.
		await expect(page.locator('.site-header')).toBeHidden();
		await expect(page.getByTestId('report-cover')).toContainText('Édition');
	});

	test('each chart’s data downloads as French CSV', async ({ request }) => {
		const res = await request.get(
			'/tableau-de-bord/donnees/financements-financeur?programme=terre-rouge'
		);
		expect(res.headers()['content-type']).toContain('text/csv');
		const text = await res.text();
		expect(text.charCodeAt(0)).toBe(0xfeff);
		const [header, first] = text.slice(1).trim().split('\r\n');
		expect(header).toBe('Financeur;Inscrit (€);Engagé (€);Versé (€)');
		expect(first).toBe('Banque des Territoires;2809307,00;0,00;0,00');
		expect((await request.get('/tableau-de-bord/donnees/inconnu')).status()).toBe(404);
	});
});
