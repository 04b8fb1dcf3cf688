import { error, type RequestEvent } from '@sveltejs/kit';
import type { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/db/client';
import { authorize } from '$lib/server/auth/guard';
import { getProgrammeBySlug } from '$lib/server/programmes/queries';
import * as p from '$lib/server/opah/pipeline';
import { activeRules } from '$lib/server/opah/rules';
import { runForm } from '$lib/server/forms/run';
import type { FormBody } from '$lib/server/forms/contract';

function programmeId(): number {
	const programme = getProgrammeBySlug(db(), 'opah-ru');
	if (!programme) error(404, { message: 'Programme OPAH-RU absent.' });
	return programme.id;
}

const officer = (event: RequestEvent) =>
	authorize(event.locals, 'manage_opah', { kind: 'opah_application', programmeId: programmeId() });

export const load = (({ locals }) => {
	authorize(locals, 'read', { kind: 'opah_application', programmeId: programmeId() });
	const conn = db();
	return { board: p.pipelineBoard(conn), steps: activeRules(conn).steps, funders: p.OPAH_FUNDERS };
}) satisfies PageServerLoad;

const actor = (e: RequestEvent) => ({ id: e.locals.user!.id, name: e.locals.user!.name });
const field = (body: FormBody, name: string) => (typeof body[name] === 'string' ? body[name] : '');

/** An application named by the parsed id: it must exist (404), and officers manage the programme's. */
function application(event: RequestEvent, id: number) {
	if (!p.applicationExists(db(), id)) error(404, { message: 'Ce dossier n’existe pas.' });
	officer(event);
}

/** Officers' edits: authorised, then validated, versioned and audited like every other write. */
function run<S extends z.ZodType>(
	event: RequestEvent,
	form: (body: FormBody) => string,
	schema: S,
	idOf: (d: z.output<S>) => number | null,
	exec: (d: z.output<S>) => unknown
) {
	officer(event);
	return runForm(event, {
		form,
		schema,
		authorize: (d) => {
			const id = idOf(d);
			if (id !== null) application(event, id);
		},
		exec
	});
}

export const actions = {
	create: async (event) =>
		run(
			event,
			() => 'create',
			p.applicationSchema,
			() => null,
			(d) => p.createApplication(db(), d, actor(event))
		),
	advance: async (event) =>
		run(
			event,
			(b) => `advance-${field(b, 'id')}`,
			p.advanceSchema,
			(d) => d.id,
			(d) => p.advanceApplication(db(), d, actor(event))
		),
	paid: async (event) =>
		run(
			event,
			(b) => `advance-${field(b, 'id')}`,
			p.paidSchema,
			(d) => d.id,
			(d) => p.markPaid(db(), d, actor(event))
		),
	subsidy: async (event) =>
		run(
			event,
			(b) => `subsidy-${field(b, 'applicationId')}-${field(b, 'funder')}`,
			p.subsidySchema,
			(d) => d.applicationId,
			(d) => p.setSubsidy(db(), d, actor(event))
		)
} satisfies Actions;
