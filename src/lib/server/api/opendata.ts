import { z } from 'zod';
import type { Db } from '../db';
import { ApiError } from './respond';
import { getProgrammeBySlug, listProgrammes } from '../programmes/queries';
import { listActions } from '../fiches/queries';
import { listFundingLines } from '../funding/queries';

export interface ProgrammeOut extends Record<string, unknown> {
	slug: string;
	name: string;
	start: string | null;
	end: string | null;
	actionCount: number;
}

export function programmesOut(db: Db): ProgrammeOut[] {
	return listProgrammes(db).map((p) => ({
		slug: p.slug,
		name: p.name,
		start: p.startDate,
		end: p.endDate,
		actionCount: p.actionCount
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
}

export function actionsOut(db: Db, slug: string): ActionOut[] {
	const programme = getProgrammeBySlug(db, slug);
	if (!programme) throw new ApiError(404, `Programme inconnu : « ${slug} ».`);
	return listActions(db, programme.id).map((a) => ({
		id: a.id,
		number: a.number,
		code: a.code,
		title: a.title,
		axis: a.axisCode,
		status: a.status,
		progress: a.progress
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
	return listFundingLines(db, programmeId === undefined ? {} : { programmeId }).map((f) => ({
		partner: f.funderName,
		kind: f.kind,
		amountCents: f.amountCents,
		tax: f.tax,
		status: f.status,
		actionId: f.actionId,
		operationId: f.operationId,
		programme: f.programmeSlug
	}));
}

export const PROGRAMME_COLUMNS = ['slug', 'name', 'start', 'end', 'actionCount'] as const;
export const ACTION_COLUMNS = [
	'id',
	'number',
	'code',
	'title',
	'axis',
	'status',
	'progress'
] as const;
export const FUNDING_COLUMNS = [
	'partner',
	'kind',
	'amountCents',
	'tax',
	'status',
	'actionId',
	'operationId',
	'programme'
] as const;
