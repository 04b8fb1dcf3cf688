import { fail } from '@sveltejs/kit';
import { sql } from 'drizzle-orm';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/db/client';
import { authorize } from '$lib/server/auth/guard';
import { createUser, setActive, newUserSchema } from '$lib/server/users/commands';
import { fieldErrors } from '$lib/schemas/editing';

export const load = (({ locals }) => {
	authorize(locals, 'manage_users', { kind: 'user' });
	const conn = db();
	return {
		users: conn.all<{ id: number; email: string; name: string; role: string; active: number; organisation: string | null; programmes: string | null }>(sql`
			select u.id, u.email, u.name, u.role, u.active, o.short_name as organisation,
				(select group_concat(p.short_name, ', ') from user_programmes up join programmes p on p.id = up.programme_id where up.user_id = u.id) as programmes
			from users u left join organisations o on o.id = u.organisation_id order by u.name collate nocase`),
		organisations: conn.all<{ slug: string; name: string }>(sql`select slug, name from organisations order by name collate nocase`),
		programmes: conn.all<{ slug: string; name: string }>(sql`select slug, short_name as name from programmes order by position`)
	};
}) satisfies PageServerLoad;

export const actions = {
	create: async ({ request, locals }) => {
		authorize(locals, 'manage_users', { kind: 'user' });
		const form = await request.formData();
		const values = {
			email: String(form.get('email') ?? ''),
			name: String(form.get('name') ?? ''),
			role: String(form.get('role') ?? ''),
			organisation: String(form.get('organisation') ?? '') || undefined,
			programmes: form.getAll('programmes').map(String)
		};
		const parsed = newUserSchema.safeParse(values);
		if (!parsed.success) return fail(400, { values, errors: fieldErrors(parsed.error) });
		try {
			const { user, password } = await createUser(db(), parsed.data, { id: locals.user!.id, name: locals.user!.name });
			return { created: { email: user.email, password } };
		} catch (e) {
			return fail(400, { values, errors: { _: (e as Error).message } });
		}
	},
	toggle: async ({ request, locals }) => {
		authorize(locals, 'manage_users', { kind: 'user' });
		const form = await request.formData();
		const id = Number(form.get('id'));
		if (id === locals.user!.id) return fail(400, { errors: { _: 'Vous ne pouvez pas désactiver votre propre compte.' } });
		setActive(db(), id, form.get('active') === '1', { id: locals.user!.id, name: locals.user!.name });
		return { toggled: id };
	}
} satisfies Actions;
