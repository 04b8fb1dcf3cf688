import {
	test as base,
	expect,
	request as playwrightRequest,
	type Page,
	type APIRequestContext
} from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';

/** Runs axe-core (WCAG 2.1 A/AA rules) on the page and fails on any violation, naming the rule and targets. */
export async function expectNoAxeViolations(page: Page) {
	const results = await new AxeBuilder({ page })
		.withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
		.analyze();
	const summary = results.violations.map(
		(v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`
	);
	expect(summary, 'axe-core violations').toEqual([]);
}

/** Text with the narrow and ordinary no-break spaces French formatting uses turned into plain spaces. */
export const plain = (s: string | null) => (s ?? '').replace(/[\u00a0\u202f]/g, ' ');

export const DEMO_PASSWORD = 'Demo-Cahors-2026';
export const ACCOUNTS = {
	admin: 'admin@demo.grandcahors.fr',
	chef: 'chef@demo.grandcahors.fr',
	elu: 'elu@demo.grandcahors.fr',
	lotHabitat: 'lothabitat@demo.grandcahors.fr',
	departement: 'departement@demo.grandcahors.fr',
	relogement: 'relogement@demo.grandcahors.fr'
} as const;
export type Who = keyof typeof ACCOUNTS;

/** Signs in through the login form, as a person would. */
export async function loginAs(page: Page, who: Who) {
	await page.goto('/connexion');
	await page.locator('html[data-hydrated]').waitFor();
	await page.getByLabel('Adresse e-mail').fill(ACCOUNTS[who]);
	await page.getByLabel('Mot de passe').fill(DEMO_PASSWORD);
	await page.getByRole('button', { name: 'Se connecter' }).click();
	await expect(page.getByRole('button', { name: 'Se déconnecter' })).toBeVisible();
}

/** An HTTP client signed in as a demo account (or anonymous), sending the Origin SvelteKit checks. */
export async function clientAs(baseURL: string, who: Who | 'anonyme'): Promise<APIRequestContext> {
	const ctx = await playwrightRequest.newContext({
		baseURL,
		extraHTTPHeaders: { origin: baseURL, accept: 'text/html' }
	});
	if (who !== 'anonyme') {
		const res = await ctx.post('/connexion', {
			form: { email: ACCOUNTS[who], password: DEMO_PASSWORD, redirectTo: '/' },
			maxRedirects: 0
		});
		expect(res.status(), `login ${who}`).toBe(303);
	}
	return ctx;
}

/** Waits until the page is hydrated, so what a test types is not reset by hydration. */
export async function hydrated(page: Page) {
	await page.locator('html[data-hydrated]').waitFor();
}

export const test = base;
export { expect };

/**
 * The page data SvelteKit sends in `__data.json` (devalue's flattened form), rebuilt as plain values:
 * the data of the last node (the page's own `load`). Enough for plain objects, arrays and scalars.
 */
export function pageData(text: string): Record<string, unknown> {
	const body = JSON.parse(text) as { nodes: ({ type: string; data?: unknown[] } | null)[] };
	const node = body.nodes.filter((n) => n?.type === 'data').at(-1)!;
	const flat = node.data!;
	const revive = (i: number): unknown => {
		if (i < 0) return i === -1 ? undefined : null;
		const v = flat[i];
		if (Array.isArray(v)) return v.map((x) => revive(x as number));
		if (v && typeof v === 'object')
			return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, revive(x as number)]));
		return v;
	};
	return revive(0) as Record<string, unknown>;
}
