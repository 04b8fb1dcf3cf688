import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { db } from '$lib/server/db/client';
import { runSimulation } from '$lib/server/opah/simulation';

/** The landlord subsidy simulator as JSON: maximum amounts, each with the rule that produced it. */
export const GET: RequestHandler = ({ url }) => {
	const run = runSimulation(db(), url.searchParams);
	// The message is for people (the field as the form names it); `parameter` is for programs.
	if (!run.ok)
		return json(
			{
				error: {
					status: 400,
					message: run.message,
					...(run.issues[0]?.field ? { parameter: run.issues[0].field } : {})
				}
			},
			{ status: 400 }
		);
	const { rules, baseCents, rentNote, ...rest } = run.result;
	return json(
		{ ...rest, baseCents, rentNote, rules },
		{ headers: { 'cache-control': 'public, max-age=300' } }
	);
};
