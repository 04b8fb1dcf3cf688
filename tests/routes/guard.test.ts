import { describe, it, expect, beforeAll } from 'vitest';
import { setup, call, snapshot, type Role } from './harness';

/**
 * Every form action of every page, found by the bundler (not by reading comments), called for real:
 * an anonymous visitor and a read-only elected official are refused before anything is written.
 * Only the sign-in, sign-out, own-account actions (password, mail choices, calendar address: each on
 * the signed-in person's own account) and the signed unsubscribe link are open, and they write
 * nothing on an empty body.
 */
const modules = import.meta.glob<{ actions?: object }>('../../src/routes/**/+page.server.ts');

const PARAMS: Record<string, string> = { slug: 'terre-rouge-residence', code: '1' };
const PUBLIC = new Set([
	'/connexion:default',
	'/deconnexion:default',
	'/compte:password',
	'/compte:preferences',
	'/compte:calendar',
	'/notifications/desabonnement:default'
]);

function routeOf(file: string) {
	const id = file.replace('../../src/routes', '').replace('/+page.server.ts', '') || '/';
	const slugFor = id.startsWith('/programmes') ? 'contrat-de-ville' : PARAMS.slug;
	const params = Object.fromEntries(
		[...id.matchAll(/\[(\w+)\]/g)].map(([, k]) => [k, k === 'slug' ? slugFor : PARAMS[k]])
	);
	const path = id.replace(/\[(\w+)\]/g, (_, k: string) => params[k]);
	return { id, params, path };
}

beforeAll(setup);

const writers = (
	await Promise.all(
		Object.entries(modules).map(async ([file, load]) => ((await load()).actions ? file : null))
	)
).filter((f): f is string => f !== null);

describe('every form action refuses those it does not serve', () => {
	it('finds the pages that write', () => {
		expect(writers.length).toBeGreaterThanOrEqual(10);
	});
	it.each(writers)('%s', async (file) => {
		const { actions } = await modules[file]();
		if (!actions) throw new Error(`${file} has no actions`);
		const route = routeOf(file);
		for (const name of Object.keys(actions)) {
			const open = PUBLIC.has(`${route.id}:${name}`);
			for (const user of [null, 'elu'] as (Role | null)[]) {
				if (open && user) continue;
				const before = snapshot();
				const r = await call(actions, name, {
					route: route.id,
					path: route.path,
					params: route.params,
					user,
					body: []
				});
				const label = `${route.id} ?/${name} as ${user ?? 'anonyme'}: ${r.status}`;
				if (open) expect([303, 400, 401], label).toContain(r.status);
				// 404: the action does not apply to this page (a decision on an operation).
				else expect([user ? 403 : 401, 404], label).toContain(r.status);
				expect(snapshot(), label).toBe(before);
			}
		}
	});
});
