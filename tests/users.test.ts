import { describe, it, expect } from 'vitest';
import { sql } from 'drizzle-orm';
import { createUser, updateUserAccess } from '../src/lib/server/users/commands';
import { createSession, validateSession } from '../src/lib/server/auth/session';
import { listAccounts } from '../src/lib/server/users/queries';
import { FieldError } from '../src/lib/server/editing/errors';
import { seededDb } from './helpers';

const admin = { id: 999, name: 'Admin test' };

async function chef() {
	const db = seededDb();
	const { user } = await createUser(
		db,
		{ email: 'c@x.fr', name: 'Chef', role: 'chef_de_projet', programmes: ['contrat-de-ville'] },
		{ name: 't' }
	);
	return { db, user };
}

describe('an administrator changes an account’s access', () => {
	it('role, organisation and programmes change together, audited, and apply to the open session', async () => {
		const { db, user } = await chef();
		const { token } = createSession(db, user.id);
		expect(validateSession(db, token)!.user.programmeIds).toHaveLength(1);
		const done = updateUserAccess(
			db,
			{
				id: user.id,
				version: user.version,
				role: 'chef_de_projet',
				programmes: ['contrat-de-ville', 'terre-rouge']
			},
			admin
		);
		expect(done).toEqual({ ok: true });
		const row = listAccounts(db).find((a) => a.id === user.id)!;
		expect(row.programmeSlugs!.split(',').sort()).toEqual(['contrat-de-ville', 'terre-rouge']);
		expect(row.version).toBe(user.version + 1);
		// The session already open sees the new programmes at its next request.
		expect(validateSession(db, token)!.user.programmeIds).toHaveLength(2);
		const audit = db.get<{ before: string; after: string }>(
			sql`select before, after from audit_log where entity_type = 'user' and entity_id = ${user.id} order by id desc limit 1`
		);
		expect(JSON.parse(audit.before)).toMatchObject({ programmes: ['contrat-de-ville'] });
		expect(JSON.parse(audit.after)).toMatchObject({
			programmes: ['contrat-de-ville', 'terre-rouge']
		});
	});

	it('a stale form writes nothing (another administrator saved first)', async () => {
		const { db, user } = await chef();
		const first = updateUserAccess(db, { id: user.id, version: user.version, role: 'elu' }, admin);
		expect(first.ok).toBe(true);
		const second = updateUserAccess(
			db,
			{ id: user.id, version: user.version, role: 'admin' },
			admin
		);
		expect(second).toEqual({ ok: false, status: 409 });
		expect(listAccounts(db).find((a) => a.id === user.id)!.role).toBe('elu');
	});

	it('refuses a partner without organisation, an unknown programme, and one’s own role', async () => {
		const { db, user } = await chef();
		expect(() =>
			updateUserAccess(db, { id: user.id, version: user.version, role: 'partenaire' }, admin)
		).toThrow(FieldError);
		expect(() =>
			updateUserAccess(
				db,
				{ id: user.id, version: user.version, role: 'chef_de_projet', programmes: ['inconnu'] },
				admin
			)
		).toThrow(FieldError);
		expect(() =>
			updateUserAccess(
				db,
				{ id: user.id, version: user.version, role: 'admin' },
				{ id: user.id, name: 'Chef' }
			)
		).toThrow('Vous ne pouvez pas changer votre propre rôle.');
		expect(updateUserAccess(db, { id: 123456, version: 1, role: 'elu' }, admin)).toEqual({
			ok: false,
			status: 404
		});
	});
});
