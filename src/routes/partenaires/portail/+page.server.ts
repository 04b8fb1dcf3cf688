import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import { eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/db/client';
import { fundingLines, organisations } from '$lib/server/db/schema';
import { authorize, allowed } from '$lib/server/auth/guard';
import {
	portal,
	paymentSchema,
	commitSchema,
	recordPayment,
	confirmCommitment
} from '$lib/server/partners/portal';
import { runForm } from '$lib/server/forms/run';
import { fundingOrganisationOptions } from '$lib/server/dashboard/queries';

/** A partner sees its own organisation; admins and élus choose one. */
function organisationFor(locals: App.Locals, url: URL) {
	const user = locals.user;
	if (!user) redirect(303, '/connexion?redirectTo=/partenaires/portail');
	const conn = db();
	if (user.role === 'partenaire')
		return conn
			.select()
			.from(organisations)
			.where(eq(organisations.id, user.organisationId!))
			.get();
	if (!allowed(locals, 'read_internal', { kind: 'funding_line' }))
		error(403, {
			message: 'Ce portail est réservé aux partenaires financeurs, aux élus et aux administrateurs.'
		});
	const slug = url.searchParams.get('organisation');
	return slug
		? conn.select().from(organisations).where(eq(organisations.slug, slug)).get()
		: undefined;
}

/** The page asked for in `?page=`; anything else is the first page. */
const pageOf = (url: URL) => {
	const n = Number(url.searchParams.get('page'));
	return Number.isInteger(n) && n > 0 ? n : 1;
};

export const load = (({ locals, url }) => {
	const organisation = organisationFor(locals, url);
	const conn = db();
	const choices = locals.user!.role === 'partenaire' ? [] : fundingOrganisationOptions(conn);
	return {
		organisation: organisation
			? { id: organisation.id, slug: organisation.slug, name: organisation.name }
			: null,
		choices,
		portal: organisation ? portal(conn, organisation.id, pageOf(url)) : null,
		canSettle: locals.user!.role === 'partenaire' || locals.user!.role === 'admin'
	};
}) satisfies PageServerLoad;

/**
 * A partner's settlement: the line is loaded by the parsed id, and only its funder (or an admin) may
 * settle it; the write then uses that same id.
 */
function settle<S extends z.ZodType<{ id: number }>>(
	event: RequestEvent,
	schema: S,
	exec: (d: z.output<S>) => unknown
) {
	// Before reading the body: only a funder (for its own lines) or an admin settles anything.
	authorize(event.locals, 'confirm_payment', {
		kind: 'funding_line',
		funderId: event.locals.user?.organisationId ?? null
	});
	return runForm(event, {
		form: (b) => `line-${typeof b.id === 'string' ? b.id : ''}`,
		schema,
		authorize: (d) => {
			const line = db().select().from(fundingLines).where(eq(fundingLines.id, d.id)).get();
			if (!line) error(404, { message: 'Ligne introuvable.' });
			authorize(event.locals, 'confirm_payment', {
				kind: 'funding_line',
				funderId: line.organisationId
			});
		},
		exec
	});
}

const actor = (e: RequestEvent) => ({
	id: e.locals.user?.id ?? null,
	name: e.locals.user?.name ?? 'anonyme'
});

export const actions = {
	pay: async (event) => settle(event, paymentSchema, (d) => recordPayment(db(), d, actor(event))),
	commit: async (event) =>
		settle(event, commitSchema, (d) => confirmCommitment(db(), d, actor(event)))
} satisfies Actions;
