import { json } from '@sveltejs/kit';
import { writeObjectsCsv } from '../csv';

export type Format = 'json' | 'csv';

/** An API error answered as JSON: `{ error: { status, message } }`. */
export class ApiError extends Error {
	constructor(
		readonly status: number,
		message: string
	) {
		super(message);
	}
}

/** Answers rows as JSON or CSV (same columns, header row, UTF-8), or the ApiError as JSON. */
export function respond<T extends Record<string, unknown>>(
	format: Format,
	columns: (keyof T & string)[],
	produce: () => T[],
	filename: string
): Response {
	try {
		const rows = produce();
		const headers = { 'cache-control': 'public, max-age=60', 'access-control-allow-origin': '*' };
		if (format === 'json') return json(rows, { headers });
		const body = writeObjectsCsv(columns, rows, 'open');
		return new Response(body, {
			headers: {
				...headers,
				'content-type': 'text/csv; charset=utf-8',
				'content-disposition': `attachment; filename="${filename}.csv"`
			}
		});
	} catch (e) {
		if (e instanceof ApiError)
			return json({ error: { status: e.status, message: e.message } }, { status: e.status });
		throw e;
	}
}
