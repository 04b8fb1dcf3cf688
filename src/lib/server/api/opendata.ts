import { z } from 'zod';
import { sql } from 'drizzle-orm';
import { citationsById } from '../citations';
import { preciseIso } from '../../domain/dates';
import type { Db } from '../db';
import { ApiError } from './respond';
import { getProgrammeBySlug, listProgrammes } from '../programmes/queries';
import { listActions } from '../fiches/queries';
import { listFundingLines } from '../funding/queries';

/** A citation as one line of open data: the document and the quote. */
function sourceLines(db: Db, ids: (number | null)[]) {
	const cited = citationsById(db, ids);
	return (id: number | null): string | null => {
		const c = id === null ? undefined : cited[id];
		return c ? `${c.title} : « ${c.quote} »` : null;
	};
}

export interface ProgrammeOut extends Record<string, unknown> {
	slug: string;
	name: string;
	/** as precise as known: "2024", "2030" (see startPrecision, endPrecision) */
	start: string | null;
	startPrecision: string | null;
	end: string | null;
	endPrecision: string | null;
	actionCount: number;
	source: string | null;
}

export function programmesOut(db: Db): ProgrammeOut[] {
	const programmes = listProgrammes(db);
	const citationOf = new Map(
		db
			.all<{ id: number; citationId: number | null }>(
				sql`select id, citation_id as citationId from programmes`
			)
			.map((r) => [r.id, r.citationId])
	);
	const source = sourceLines(db, [...citationOf.values()]);
	return programmes.map((p) => ({
		slug: p.slug,
		name: p.name,
		start: preciseIso(p.startDate, p.startPrecision),
		startPrecision: p.startDate ? p.startPrecision : null,
		end: preciseIso(p.endDate, p.endPrecision),
		endPrecision: p.endDate ? p.endPrecision : null,
		actionCount: p.actionCount,
		source: source(citationOf.get(p.id) ?? null)
	}));
}

export interface ActionOut extends Record<string, unknown> {
	id: number;
	number: number | null;
	code: string;
	title: string;
	axis: string | null;
	status: string;
	progress: number | null;
	/** the document backing the status (or the action), quoted */
	source: string | null;
	/** fields whose value the app inferred rather than read in a document */
	inferred: string;
}

export function actionsOut(db: Db, slug: string): ActionOut[] {
	const programme = getProgrammeBySlug(db, slug);
	if (!programme) throw new ApiError(404, `Programme inconnu : « ${slug} ».`);
	const actions = listActions(db, programme.id);
	const source = sourceLines(
		db,
		actions.flatMap((a) => [a.statusCitationId, a.citationId])
	);
	return actions.map((a) => ({
		id: a.id,
		number: a.number,
		code: a.code,
		title: a.title,
		axis: a.axisCode,
		status: a.status,
		progress: a.progress,
		source: source(a.statusCitationId ?? a.citationId),
		inferred: a.inferredFields.join(' ')
	}));
}

export interface FundingOut extends Record<string, unknown> {
	partner: string | null;
	kind: string;
	amountCents: number;
	tax: string;
	status: string;
	actionId: number | null;
	operationId: number | null;
	programme: string;
	source: string | null;
	inferred: string;
}

const fundingQuery = z.object({
	programme: z
		.string({ error: 'Le paramètre « programme » doit être un identifiant.' })
		.regex(
			/^[a-z0-9-]{1,80}$/,
			'Le paramètre « programme » doit être un identifiant (lettres minuscules, chiffres, tirets).'
		)
		.optional()
});

const KNOWN_FUNDING_PARAMS = new Set(['programme']);

export function fundingOut(db: Db, params: URLSearchParams): FundingOut[] {
	const unknown = [...params.keys()].filter((k) => !KNOWN_FUNDING_PARAMS.has(k));
	if (unknown.length)
		throw new ApiError(
			400,
			`Paramètre inconnu : « ${unknown[0]} ». Paramètre accepté : programme.`
		);
	if (params.getAll('programme').length > 1)
		throw new ApiError(400, 'Le paramètre « programme » ne peut être donné qu’une fois.');
	const parsed = fundingQuery.safeParse(Object.fromEntries(params));
	if (!parsed.success) throw new ApiError(400, parsed.error.issues[0].message);
	let programmeId: number | undefined;
	if (parsed.data.programme) {
		const programme = getProgrammeBySlug(db, parsed.data.programme);
		if (!programme) throw new ApiError(404, `Programme inconnu : « ${parsed.data.programme} ».`);
		programmeId = programme.id;
	}
	const lines = listFundingLines(db, programmeId === undefined ? {} : { programmeId });
	const source = sourceLines(
		db,
		lines.map((f) => f.citationId)
	);
	return lines.map((f) => ({
		partner: f.funderName,
		kind: f.kind,
		amountCents: f.amountCents,
		tax: f.tax,
		status: f.status,
		actionId: f.actionId,
		operationId: f.operationId,
		programme: f.programmeSlug,
		source: source(f.citationId),
		inferred: (JSON.parse(f.inferredFields) as string[]).join(' ')
	}));
}

export const PROGRAMME_COLUMNS = [
	'slug',
	'name',
	'start',
	'startPrecision',
	'end',
	'endPrecision',
	'actionCount',
	'source'
] as const;
export const ACTION_COLUMNS = [
	'id',
	'number',
	'code',
	'title',
	'axis',
	'status',
	'progress',
	'source',
	'inferred'
] as const;
export const FUNDING_COLUMNS = [
	'partner',
	'kind',
	'amountCents',
	'tax',
	'status',
	'actionId',
	'operationId',
	'programme',
	'source',
	'inferred'
] as const;
