import { describe, it, expect, beforeAll } from 'vitest';
import { setup, call, db } from './harness';
import { actions as signIn } from '../../src/routes/connexion/+page.server';
import { actions as account } from '../../src/routes/compte/+page.server';
import { DEMO_PASSWORD } from '../../src/lib/server/users/commands';

const PAGE = { route: '/connexion', path: '/connexion' };

beforeAll(setup);

const attempt = (email: string, password: string, address: string) =>
	call(signIn, 'default', {
		...PAGE,
		user: null,
		address,
		body: [
			['email', email],
			['password', password],
			['redirectTo', '/']
		]
	});

describe('sign-in throttling holds under parallel attempts', () => {
	it('30 wrong passwords sent at once: only the 5 free ones are examined', async () => {
		const results = await Promise.all(
			Array.from({ length: 30 }, () =>
				attempt('elu@demo.grandcahors.fr', 'mauvais mot de passe', '203.0.113.50')
			)
		);
		const examined = results.filter((r) => r.status === 400).length;
		expect(examined).toBe(5);
		expect(results.filter((r) => r.status === 429)).toHaveLength(25);
	});

	it('an attacker elsewhere cannot keep the owner out of an address it signed in from before', async () => {
		const owner = '198.51.100.7';
		// The owner signed in from this address once.
		expect((await attempt('chef@demo.grandcahors.fr', DEMO_PASSWORD, owner)).status).toBe(303);
		// Then attackers from 20 addresses fail 3 times each on the same account.
		for (let i = 0; i < 20; i++)
			for (let j = 0; j < 3; j++)
				await attempt('chef@demo.grandcahors.fr', 'devine', `192.0.2.${i + 1}`);
		// A new address is slowed down by the account-wide count; the owner's known address is not.
		expect((await attempt('chef@demo.grandcahors.fr', DEMO_PASSWORD, '203.0.113.99')).status).toBe(
			429
		);
		expect((await attempt('chef@demo.grandcahors.fr', DEMO_PASSWORD, owner)).status).toBe(303);
	});

	it('the current-password check of /compte is throttled per account, in parallel too', async () => {
		const results = await Promise.all(
			Array.from({ length: 12 }, (_, i) =>
				call(account, 'password', {
					route: '/compte',
					path: '/compte',
					user: 'departement',
					address: `10.1.0.${i}`,
					body: [
						['current', 'pas le bon'],
						['next', 'un-nouveau-mot-de-passe'],
						['confirm', 'un-nouveau-mot-de-passe']
					]
				})
			)
		);
		expect(results.filter((r) => r.status === 400)).toHaveLength(5);
		expect(results.filter((r) => r.status === 429)).toHaveLength(7);
		expect(
			db().$client.prepare('select count(*) from login_throttle').pluck().get()
		).toBeGreaterThan(0);
	});
});
