import { error, type RequestEvent } from '@sveltejs/kit';
import type { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/db/client';
import { authorize } from '$lib/server/auth/guard';
import { getProgrammeBySlug } from '$lib/server/programmes/queries';
import * as p from '$lib/server/opah/pipeline';
import { activeRules } from '$lib/server/opah/rules';
import { runForm } from '$lib/server/editing/run-form';

function programmeId(): number {
	const programme = getProgrammeBySlug(db(), 'opah-ru');
	if (!programme) error(404, { message: 'Programme OPAH-RU absent.' });
	return programme.id;
}

export const load = (({ locals }) => {
	authorize(locals, 'read', { kind: 'opah_application', programmeId: programmeId() });
	const conn = db();
	return { board: p.pipelineBoard(conn), steps: activeRules(conn).steps, funders: p.OPAH_FUNDERS };
}) satisfies PageServerLoad;

/** Officers' edits: authorised here, then validated, versioned and audited like every other write. */
function run<S extends z.ZodTypeAny>(event: RequestEvent, form: string, schema: S, exec: (d: z.output<S>) => unknown) {
	authorize(event.locals, 'manage_opah', { kind: 'opah_application', programmeId: programmeId() });
	return runForm(event, form, schema, exec);
}

const actor = (e: RequestEvent) => ({ id: e.locals.user!.id, name: e.locals.user!.name });

export const actions = {
	create: async (event) => {
		authorize(event.locals, 'manage_opah', { kind: 'opah_application', programmeId: programmeId() });
		return run(event, 'create', p.applicationSchema, (d) => p.createApplication(db(), d, actor(event)));
	},
	advance: async (event) => {
		authorize(event.locals, 'manage_opah', { kind: 'opah_application', programmeId: programmeId() });
		const id = (await event.request.clone().formData()).get('id');
		return run(event, `advance-${id}`, p.advanceSchema, (d) => p.advanceApplication(db(), d, actor(event)));
	},
	paid: async (event) => {
		authorize(event.locals, 'manage_opah', { kind: 'opah_application', programmeId: programmeId() });
		const id = (await event.request.clone().formData()).get('id');
		return run(event, `advance-${id}`, p.paidSchema, (d) => p.markPaid(db(), d, actor(event)));
	},
	subsidy: async (event) => {
		authorize(event.locals, 'manage_opah', { kind: 'opah_application', programmeId: programmeId() });
		const id = (await event.request.clone().formData()).get('applicationId');
		return run(event, `subsidy-${id}`, p.subsidySchema, (d) => p.setSubsidy(db(), d, actor(event)));
	}
} satisfies Actions;
