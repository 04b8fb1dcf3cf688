import { fail } from '@sveltejs/kit';
import { z } from 'zod';
import { sql } from 'drizzle-orm';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/db/client';
import { authorize } from '$lib/server/auth/guard';
import { createUser, setActive, newUserSchema } from '$lib/server/users/commands';
import { parseForm, echo } from '$lib/server/forms/contract';
import { id } from '$lib/schemas/fields';
import { FieldError } from '$lib/server/editing/errors';
import { sortFrench } from '$lib/domain/collation';

export const load = (({ locals }) => {
	authorize(locals, 'manage_users', { kind: 'user' });
	const conn = db();
	return {
		users: sortFrench(
			conn.all<{
				id: number;
				email: string;
				name: string;
				role: string;
				active: number;
				organisation: string | null;
				programmes: string | null;
			}>(sql`
			select u.id, u.email, u.name, u.role, u.active, o.short_name as organisation,
				(select group_concat(p.short_name, ', ') from user_programmes up join programmes p on p.id = up.programme_id where up.user_id = u.id) as programmes
			from users u left join organisations o on o.id = u.organisation_id`),
			(u) => u.name
		),
		organisations: sortFrench(
			conn.all<{ slug: string; name: string }>(sql`select slug, name from organisations`),
			(o) => o.name
		),
		programmes: conn.all<{ slug: string; name: string }>(
			sql`select slug, short_name as name from programmes order by position`
		)
	};
}) satisfies PageServerLoad;

const toggleSchema = z.object({ id, active: z.enum(['0', '1'], { error: 'Valeur inconnue.' }) });

export const actions = {
	create: async (event) => {
		authorize(event.locals, 'manage_users', { kind: 'user' });
		const input = await parseForm(event.request, newUserSchema);
		const values = echo(input.body);
		if (!input.ok) return fail(400, { values, errors: input.errors });
		try {
			const { user, password } = await createUser(db(), input.data, {
				id: event.locals.user!.id,
				name: event.locals.user!.name
			});
			return { created: { email: user.email, password } };
		} catch (e) {
			if (e instanceof FieldError) return fail(400, { values, errors: e.errors });
			throw e;
		}
	},
	toggle: async (event) => {
		authorize(event.locals, 'manage_users', { kind: 'user' });
		const input = await parseForm(event.request, toggleSchema);
		if (!input.ok) return fail(400, { errors: { _: 'Demande invalide.' } });
		const { id: target, active } = input.data;
		if (target === event.locals.user!.id)
			return fail(400, { errors: { _: 'Vous ne pouvez pas désactiver votre propre compte.' } });
		const found = setActive(db(), target, active === '1', {
			id: event.locals.user!.id,
			name: event.locals.user!.name
		});
		if (!found) return fail(404, { errors: { _: 'Ce compte n’existe pas.' } });
		return { toggled: target };
	}
} satisfies Actions;
