import { eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../db';
import { users, userProgrammes, organisations, programmes, ROLES, type Role } from '../db/schema';
import { hashPassword, verifyPassword, generatePassword } from '../auth/password';
import { invalidateUserSessions } from '../auth/session';
import { recordAudit } from '../audit/writer';
import { FieldError } from '../editing/errors';

export const newUserSchema = z.object({
	email: z.string().trim().toLowerCase().max(200).pipe(z.email('Adresse e-mail invalide.')),
	name: z.string().trim().min(1, 'Le nom est obligatoire.').max(120),
	role: z.enum(ROLES, { error: 'Rôle inconnu.' }),
	organisation: z
		.string()
		.trim()
		.max(80)
		.optional()
		.transform((v) => v || undefined),
	programmes: z.array(z.string().max(80)).max(50).default([])
});

export interface ActorRef {
	id?: number | null;
	name: string;
}

/** Creates an account with a one-time password (returned once, stored only as an argon2id hash). */
export async function createUser(
	db: Db,
	input: z.input<typeof newUserSchema>,
	actor: ActorRef,
	password = generatePassword()
) {
	const data = newUserSchema.parse(input);
	if (data.role === 'partenaire' && !data.organisation)
		throw new FieldError({
			organisation: 'Un compte partenaire doit être rattaché à une organisation.'
		});
	const org = data.organisation
		? db.select().from(organisations).where(eq(organisations.slug, data.organisation)).get()
		: undefined;
	if (data.organisation && !org)
		throw new FieldError({ organisation: `Organisation inconnue : « ${data.organisation} ».` });
	const progs = data.programmes.length
		? db.select().from(programmes).where(inArray(programmes.slug, data.programmes)).all()
		: [];
	if (progs.length !== new Set(data.programmes).size)
		throw new FieldError({ programmes: 'Programme inconnu dans la liste.' });
	if (db.select().from(users).where(eq(users.email, data.email)).get())
		throw new FieldError({ email: 'Un compte existe déjà pour cette adresse.' });
	const passwordHash = await hashPassword(password);
	const user = db.transaction((tx) => {
		// Checked again inside the write: another admin may have created it while the hash was computed.
		if (tx.select({ id: users.id }).from(users).where(eq(users.email, data.email)).get())
			throw new FieldError({ email: 'Un compte existe déjà pour cette adresse.' });
		const row = tx
			.insert(users)
			.values({
				email: data.email,
				name: data.name,
				role: data.role,
				organisationId: org?.id ?? null,
				passwordHash,
				mustChangePassword: true,
				createdAt: new Date().toISOString()
			})
			.returning()
			.get();
		for (const p of progs)
			tx.insert(userProgrammes).values({ userId: row.id, programmeId: p.id }).run();
		recordAudit(tx, {
			userId: actor.id,
			actor: actor.name,
			entityType: 'user',
			entityId: row.id,
			operation: 'create',
			after: {
				email: row.email,
				name: row.name,
				role: row.role,
				organisation: org?.slug ?? null,
				programmes: data.programmes
			}
		});
		return row;
	});
	return { user, password };
}

export const passwordSchema = z
	.string()
	.min(12, 'Le mot de passe doit contenir au moins 12 caractères.')
	.max(200, 'Le mot de passe ne doit pas dépasser 200 caractères.');

/** Changes a password after checking the current one; other sessions are closed. */
export async function changePassword(
	db: Db,
	userId: number,
	current: string,
	next: string
): Promise<{ ok: true } | { ok: false; field: 'current' | 'next'; message: string }> {
	const user = db.select().from(users).where(eq(users.id, userId)).get();
	if (!user || !(await verifyPassword(user.passwordHash, current)))
		return { ok: false, field: 'current', message: 'Mot de passe actuel incorrect.' };
	const parsed = passwordSchema.safeParse(next);
	if (!parsed.success) return { ok: false, field: 'next', message: parsed.error.issues[0].message };
	if (next === current)
		return {
			ok: false,
			field: 'next',
			message: 'Le nouveau mot de passe doit être différent de l’actuel.'
		};
	const passwordHash = await hashPassword(next);
	db.transaction((tx) => {
		tx.update(users)
			.set({ passwordHash, mustChangePassword: false, version: user.version + 1 })
			.where(eq(users.id, userId))
			.run();
		recordAudit(tx, {
			userId,
			actor: user.name,
			entityType: 'user',
			entityId: userId,
			operation: 'update',
			before: { password: 'ancien' },
			after: { password: 'changé' }
		});
	});
	invalidateUserSessions(db, userId);
	return { ok: true };
}

/** Activates or deactivates an account; false when no such account exists. */
export function setActive(db: Db, userId: number, active: boolean, actor: ActorRef): boolean {
	const found = db.transaction((tx) => {
		const before = tx.select().from(users).where(eq(users.id, userId)).get();
		if (!before) return false;
		tx.update(users)
			.set({ active, version: before.version + 1 })
			.where(eq(users.id, userId))
			.run();
		recordAudit(tx, {
			userId: actor.id,
			actor: actor.name,
			entityType: 'user',
			entityId: userId,
			operation: 'update',
			before: { active: before.active },
			after: { active }
		});
		return true;
	});
	if (found && !active) invalidateUserSessions(db, userId);
	return found;
}

/** Demo accounts, one per role, created only when DEMO=1 (see README for their password). */
export const DEMO_PASSWORD = 'Demo-Cahors-2026';
export const DEMO_ACCOUNTS: {
	email: string;
	name: string;
	role: Role;
	organisation?: string;
	programmes?: string[];
}[] = [
	{ email: 'admin@demo.grandcahors.fr', name: 'Administratrice (démo)', role: 'admin' },
	{
		email: 'chef@demo.grandcahors.fr',
		name: 'Chef de projet (démo)',
		role: 'chef_de_projet',
		programmes: ['contrat-de-ville', 'action-coeur-de-ville', 'opah-ru']
	},
	{ email: 'elu@demo.grandcahors.fr', name: 'Élu (démo)', role: 'elu' },
	{
		email: 'lothabitat@demo.grandcahors.fr',
		name: 'Lot Habitat (démo)',
		role: 'partenaire',
		organisation: 'lot-habitat'
	},
	{
		email: 'departement@demo.grandcahors.fr',
		name: 'Département du Lot (démo)',
		role: 'partenaire',
		organisation: 'departement-lot'
	},
	{
		email: 'relogement@demo.grandcahors.fr',
		name: 'Chargée de relogement (démo)',
		role: 'charge_relogement'
	}
];

export async function ensureDemoAccounts(db: Db): Promise<void> {
	for (const account of DEMO_ACCOUNTS) {
		if (db.select({ id: users.id }).from(users).where(eq(users.email, account.email)).get())
			continue;
		const { user } = await createUser(db, account, { name: 'Démonstration' }, DEMO_PASSWORD);
		db.update(users).set({ mustChangePassword: false }).where(eq(users.id, user.id)).run();
	}
}

export const accessSchema = z.object({
	id: z.coerce.number().int().positive(),
	version: z.coerce.number().int().positive({ error: 'Version du compte manquante.' }),
	role: z.enum(ROLES, { error: 'Rôle inconnu.' }),
	organisation: z
		.string()
		.trim()
		.max(80)
		.optional()
		.transform((v) => v || undefined),
	programmes: z.array(z.string().max(80)).max(50).default([])
});

/**
 * Changes an account's role, organisation and programmes (administrators). Refused on a stale form
 * (another administrator saved first), for one's own role (no one locks themselves out), and for a
 * partner without an organisation. Audited in the same transaction; rights apply at the next request.
 */
export function updateUserAccess(
	db: Db,
	input: z.input<typeof accessSchema>,
	actor: ActorRef
): { ok: true } | { ok: false; status: 404 | 409 } {
	const data = accessSchema.parse(input);
	if (data.role === 'partenaire' && !data.organisation)
		throw new FieldError({
			organisation: 'Un compte partenaire doit être rattaché à une organisation.'
		});
	const org = data.organisation
		? db.select().from(organisations).where(eq(organisations.slug, data.organisation)).get()
		: undefined;
	if (data.organisation && !org)
		throw new FieldError({ organisation: `Organisation inconnue : « ${data.organisation} ».` });
	const slugs = [...new Set(data.programmes)];
	const progs = slugs.length
		? db.select().from(programmes).where(inArray(programmes.slug, slugs)).all()
		: [];
	if (progs.length !== slugs.length)
		throw new FieldError({ programmes: 'Programme inconnu dans la liste.' });
	return db.transaction((tx) => {
		const before = tx.select().from(users).where(eq(users.id, data.id)).get();
		if (!before) return { ok: false, status: 404 } as const;
		if (before.version !== data.version) return { ok: false, status: 409 } as const;
		if (before.id === actor.id && before.role !== data.role)
			throw new FieldError({ role: 'Vous ne pouvez pas changer votre propre rôle.' });
		const previous = tx
			.select({ slug: programmes.slug })
			.from(userProgrammes)
			.innerJoin(programmes, eq(programmes.id, userProgrammes.programmeId))
			.where(eq(userProgrammes.userId, before.id))
			.all()
			.map((r) => r.slug);
		const previousOrg = before.organisationId
			? (tx
					.select({ slug: organisations.slug })
					.from(organisations)
					.where(eq(organisations.id, before.organisationId))
					.get()?.slug ?? null)
			: null;
		tx.update(users)
			.set({ role: data.role, organisationId: org?.id ?? null, version: before.version + 1 })
			.where(eq(users.id, before.id))
			.run();
		tx.delete(userProgrammes).where(eq(userProgrammes.userId, before.id)).run();
		for (const p of progs)
			tx.insert(userProgrammes).values({ userId: before.id, programmeId: p.id }).run();
		recordAudit(tx, {
			userId: actor.id,
			actor: actor.name,
			entityType: 'user',
			entityId: before.id,
			operation: 'update',
			before: { role: before.role, organisation: previousOrg, programmes: previous.sort() },
			after: {
				role: data.role,
				organisation: org?.slug ?? null,
				programmes: progs.map((p) => p.slug).sort()
			}
		});
		return { ok: true } as const;
	});
}
