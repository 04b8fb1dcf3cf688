import type { Page } from '@playwright/test';
import { test, expect, loginAs, hydrated, expectNoAxeViolations, type Who } from './fixtures';
import { SITE_PAGES, canOpen } from '../../src/lib/domain/site-map';
import { CHECKED_WIDTHS } from '../../src/lib/domain/accessibility';

/**
 * Every page type of the site map, for every role that may open it, at a small phone, a common phone
 * and a laptop width: no violation axe-core can find, and nothing wider than the screen (WCAG 1.4.10).
 * The accessibility statement cites exactly this list and these widths.
 */
const READERS: { who: Who | 'anonyme'; role: string | null }[] = [
	{ who: 'anonyme', role: null },
	{ who: 'elu', role: 'elu' },
	{ who: 'chef', role: 'chef_de_projet' },
	{ who: 'lotHabitat', role: 'partenaire' },
	{ who: 'relogement', role: 'charge_relogement' },
	{ who: 'admin', role: 'admin' }
];

async function pageWidth(page: Page) {
	return page.evaluate(() => document.documentElement.scrollWidth);
}

for (const reader of READERS) {
	test.describe(`every page as ${reader.who}`, () => {
		test.describe.configure({ timeout: 240_000 });
		test(`fits ${CHECKED_WIDTHS.join(', ')} px without an accessibility violation`, async ({
			page
		}) => {
			if (reader.who !== 'anonyme') await loginAs(page, reader.who);
			const pages = SITE_PAGES.filter((p) => canOpen(p, reader.role));
			expect(pages.length).toBeGreaterThan(10);
			for (const p of pages) {
				await page.setViewportSize({ width: CHECKED_WIDTHS[0], height: 800 });
				const res = await page.goto(p.example);
				expect(res?.status(), p.example).toBe(200);
				await hydrated(page);
				for (const width of CHECKED_WIDTHS) {
					await page.setViewportSize({ width, height: 800 });
					await page.evaluate(() => new Promise(requestAnimationFrame));
					await test.step(`${p.example} at ${width} px`, async () => {
						expect(await pageWidth(page), `${p.example} at ${width} px`).toBeLessThanOrEqual(width);
						await expectNoAxeViolations(page);
					});
				}
			}
		});
	});
}
