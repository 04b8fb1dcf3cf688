import { describe, it, expect } from 'vitest';
import { can, type Actor } from '../src/lib/server/auth/permissions';
import {
	delayAfter,
	recordHit,
	retryAfterMs,
	signInKeys,
	throttleRules,
	waitInWords
} from '../src/lib/server/auth/throttle';
import { createSession, validateSession } from '../src/lib/server/auth/session';
import { createUser, changePassword } from '../src/lib/server/users/commands';
import { seededDb } from './helpers';

const actor = (role: Actor['role'], over: Partial<Actor> = {}): Actor => ({
	id: 1,
	role,
	organisationId: null,
	programmeIds: [],
	...over
});

describe('can(): the rule book', () => {
	const cdv = { kind: 'action' as const, programmeId: 1 };
	it('admin may do everything', () => {
		expect(can(actor('admin'), 'edit', cdv)).toBe(true);
		expect(can(actor('admin'), 'manage_users', { kind: 'user' })).toBe(true);
	});
	it('a chef de projet edits only the programmes assigned to them', () => {
		const chef = actor('chef_de_projet', { programmeIds: [1] });
		expect(can(chef, 'edit', cdv)).toBe(true);
		expect(can(chef, 'edit', { kind: 'milestone', programmeId: 2 })).toBe(false);
		expect(can(chef, 'manage_users', { kind: 'user' })).toBe(false);
		expect(can(chef, 'read_internal', cdv)).toBe(true);
	});
	it('an élu reads everything, internal notes included, and edits nothing', () => {
		const elu = actor('elu');
		expect(can(elu, 'read_internal', cdv)).toBe(true);
		expect(can(elu, 'read', { kind: 'note' })).toBe(true);
		expect(can(elu, 'edit', cdv)).toBe(false);
	});
	it('a partner confirms its own payments and edits operations it leads, nothing else', () => {
		const lotHabitat = actor('partenaire', { organisationId: 7 });
		expect(can(lotHabitat, 'confirm_payment', { kind: 'funding_line', funderId: 7 })).toBe(true);
		expect(can(lotHabitat, 'confirm_payment', { kind: 'funding_line', funderId: 8 })).toBe(false);
		expect(
			can(lotHabitat, 'edit', { kind: 'milestone', programmeId: 3, leadOrganisationId: 7 })
		).toBe(true);
		expect(
			can(lotHabitat, 'edit', { kind: 'milestone', programmeId: 3, leadOrganisationId: 9 })
		).toBe(false);
		expect(
			can(lotHabitat, 'edit', { kind: 'funding_line', programmeId: 3, leadOrganisationId: 7 })
		).toBe(false);
		expect(can(lotHabitat, 'read_internal', cdv)).toBe(false);
		expect(can(lotHabitat, 'read', { kind: 'note' })).toBe(false);
	});
	it('anonymous visitors read published data unless public reading is off', () => {
		expect(can(null, 'read', cdv)).toBe(true);
		expect(can(null, 'read', cdv, { publicReading: false })).toBe(false);
		expect(can(null, 'edit', cdv)).toBe(false);
		expect(can(null, 'read', { kind: 'relocation_case' })).toBe(false);
	});
	it('only the relocation team (and admins) reach relocation cases', () => {
		expect(can(actor('charge_relogement'), 'manage_relocation', { kind: 'relocation_case' })).toBe(
			true
		);
		for (const role of ['chef_de_projet', 'elu', 'partenaire'] as const)
			expect(can(actor(role), 'manage_relocation', { kind: 'relocation_case' })).toBe(false);
	});
});

describe('login throttling', () => {
	it('slows the same e-mail from the same address progressively, without locking its owner elsewhere', () => {
		const db = seededDb();
		const attacker = signInKeys('elu@x.fr', '203.0.113.9');
		const owner = signInKeys('elu@x.fr', '198.51.100.4');
		const t0 = 1_000_000;
		for (let i = 0; i < 5; i++) {
			expect(retryAfterMs(db, attacker, t0)).toBe(0);
			recordHit(db, attacker, t0);
		}
		expect(retryAfterMs(db, attacker, t0)).toBe(30_000);
		expect(retryAfterMs(db, attacker, t0 + 30_000)).toBe(0);
		recordHit(db, attacker, t0 + 30_000);
		expect(retryAfterMs(db, attacker, t0 + 30_000)).toBe(60_000);
		// The owner, from another address, is not held back (fewer than 10 failures on the account).
		expect(retryAfterMs(db, owner, t0 + 30_000)).toBe(0);
		// Many failures on the account from everywhere: the owner waits at most a minute.
		for (let i = 0; i < 30; i++) recordHit(db, signInKeys('elu@x.fr', `10.0.0.${i}`), t0);
		expect(retryAfterMs(db, owner, t0)).toBe(60_000);
		expect(delayAfter(1000, throttleRules().pair)).toBe(15 * 60 * 1000);
	});

	it('forgets failures after the window and keeps no e-mail in clear', () => {
		const db = seededDb();
		const keys = signInKeys('someone@x.fr', '203.0.113.1');
		for (let i = 0; i < 6; i++) recordHit(db, keys, 0);
		expect(JSON.stringify(db.$client.prepare('select * from login_throttle').all())).not.toMatch(
			/someone|203\.0/
		);
		recordHit(db, signInKeys('other@x.fr', '203.0.113.2'), 16 * 60 * 1000);
		expect(db.$client.prepare('select count(*) from login_throttle').pluck().get()).toBe(3);
		expect(retryAfterMs(db, keys, 16 * 60 * 1000)).toBe(0);
	});

	it('says how long to wait in French', () => {
		expect(waitInWords(30_000)).toBe('30 secondes');
		expect(waitInWords(1_000)).toBe('1 seconde');
		expect(waitInWords(120_000)).toBe('2 minutes');
	});
});

describe('sessions and passwords', () => {
	it('stores only a hash of the token, slides the expiry, expires', async () => {
		const db = seededDb();
		const { user, password } = await createUser(
			db,
			{ email: 'Test@Example.fr', name: 'T', role: 'elu' },
			{ name: 'test' }
		);
		expect(user.email).toBe('test@example.fr');
		expect(user.passwordHash).toMatch(/^\$argon2id\$/);
		expect(password).toHaveLength(16);
		const HOUR = 3600 * 1000;
		const { token, expiresAt } = createSession(db, user.id, 0);
		expect(expiresAt).toBe(12 * HOUR); // SESSION_IDLE_HOURS
		const stored = db.$client.prepare('select id from sessions').get() as { id: string };
		expect(stored.id).not.toBe(token);
		expect(validateSession(db, token, 1000)?.user.role).toBe('elu');
		const renewed = validateSession(db, token, 11 * HOUR)!;
		expect(renewed.renewed).toBe(true);
		expect(renewed.expiresAt).toBe(23 * HOUR);
		expect(validateSession(db, token, renewed.expiresAt + 1)).toBeNull();
		expect(validateSession(db, 'forged', 1000)).toBeNull();
	});

	it('ends a session 30 days after sign-in however active it is', async () => {
		const db = seededDb();
		const { user } = await createUser(
			db,
			{ email: 'a@x.fr', name: 'A', role: 'elu' },
			{ name: 't' }
		);
		const DAY = 24 * 3600 * 1000;
		const { token } = createSession(db, user.id, 0);
		let now = 0;
		while (now < 29 * DAY) {
			now += 10 * 3600 * 1000;
			expect(validateSession(db, token, now), `day ${now / DAY}`).not.toBeNull();
		}
		expect(validateSession(db, token, 30 * DAY + 1)).toBeNull();
	});

	it('changes a password only with the current one, and closes other sessions', async () => {
		const db = seededDb();
		const { user, password } = await createUser(
			db,
			{ email: 'c@x.fr', name: 'C', role: 'chef_de_projet', programmes: ['contrat-de-ville'] },
			{ name: 'test' }
		);
		const { token } = createSession(db, user.id);
		expect(await changePassword(db, user.id, 'faux', 'un-nouveau-mot-de-passe')).toMatchObject({
			ok: false,
			field: 'current'
		});
		expect(await changePassword(db, user.id, password, 'court')).toMatchObject({
			ok: false,
			field: 'next'
		});
		expect(await changePassword(db, user.id, password, 'un-nouveau-mot-de-passe')).toEqual({
			ok: true
		});
		expect(validateSession(db, token)).toBeNull();
	});

	it('refuses a partner account without organisation and duplicates', async () => {
		const db = seededDb();
		await expect(
			createUser(db, { email: 'p@x.fr', name: 'P', role: 'partenaire' }, { name: 't' })
		).rejects.toThrow(/organisation/);
		await createUser(
			db,
			{ email: 'p@x.fr', name: 'P', role: 'partenaire', organisation: 'lot-habitat' },
			{ name: 't' }
		);
		await expect(
			createUser(db, { email: 'p@x.fr', name: 'P', role: 'elu' }, { name: 't' })
		).rejects.toThrow(/existe déjà/);
	});
});
