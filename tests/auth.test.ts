import { describe, it, expect } from 'vitest';
import { can, type Actor } from '../src/lib/server/auth/permissions';
import { Throttle } from '../src/lib/server/auth/throttle';
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
	it('refuses after 5 failures until the window ends', () => {
		const t = new Throttle(5, 60_000);
		const keys = ['email:a@b.fr'];
		for (let i = 0; i < 5; i++) {
			expect(t.retryAfter(keys, 1000)).toBe(0);
			t.fail(keys, 1000);
		}
		expect(t.retryAfter(keys, 1000)).toBe(60);
		expect(t.retryAfter(keys, 61_001)).toBe(0);
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
		const { token, expiresAt } = createSession(db, user.id, 0);
		const stored = db.$client.prepare('select id from sessions').get() as { id: string };
		expect(stored.id).not.toBe(token);
		expect(validateSession(db, token, 1000)?.user.role).toBe('elu');
		const later = expiresAt - 10 * 24 * 3600 * 1000;
		const renewed = validateSession(db, token, later)!;
		expect(renewed.renewed).toBe(true);
		expect(renewed.expiresAt).toBeGreaterThan(expiresAt);
		expect(validateSession(db, token, renewed.expiresAt + 1)).toBeNull();
		expect(validateSession(db, 'forged', 1000)).toBeNull();
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
