import { test as base, expect, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';

/** Runs axe-core (WCAG 2.1 A/AA rules) on the page and fails on any violation, naming the rule and targets. */
export async function expectNoAxeViolations(page: Page) {
	const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
	const summary = results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
	expect(summary, 'axe-core violations').toEqual([]);
}

/** Text with the narrow and ordinary no-break spaces French formatting uses turned into plain spaces. */
export const plain = (s: string | null) => (s ?? '').replace(/[\u00a0\u202f]/g, ' ');

export const test = base;
export { expect };
