import type { Db } from '../db';
import { activeRules } from './rules';
import { simulate } from '../../domain/opah';
import { simulationQuery } from '../../schemas/opah';
import { describeQueryError, queryObject } from '../../schemas/filters';

/** Reads the simulator's parameters and runs it on the active rule set; errors come back in French. */
export function runSimulation(db: Db, params: URLSearchParams) {
	const parsed = simulationQuery.safeParse(queryObject(params));
	if (!parsed.success)
		return {
			ok: false as const,
			message: describeQueryError(parsed.error),
			issues: parsed.error.issues.map((i) => ({
				field: String(i.path[0] ?? ''),
				message: i.message
			}))
		};
	return { ok: true as const, input: parsed.data, result: simulate(activeRules(db), parsed.data) };
}
