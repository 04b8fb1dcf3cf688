import { stringify } from 'csv-stringify/sync';

export type Cell = string | number | boolean | null | undefined;

/** Characters that make a spreadsheet read a cell as a formula (OWASP "CSV injection"). */
const FORMULA_START = /^[=+\-@\t\r]/;
/** A line break inside a cell is always quoted: unquoted, a lone CR or LF would start a new row. */
const LINE_BREAK = /[\r\n]/;
/** A plain number ("-12", "1 234,50") is data, not a formula: left as it is. */
const PLAIN_NUMBER = /^-?\d+(?:[.,]\d+)?$/;

/**
 * A cell as it may safely go into a CSV: a text starting like a formula gets a leading apostrophe,
 * which spreadsheets show as text. The import takes it off again (`unescapeCell`).
 */
export function escapeCell(value: Cell): string | number {
	if (value === null || value === undefined) return '';
	if (typeof value === 'boolean') return value ? 'true' : 'false';
	if (typeof value === 'number') return value;
	// A spreadsheet opened with the other separator splits the cell there: what follows a ";" or ","
	// must not start a formula either.
	const inner = value.replace(/([;,\t\r\n])(?=[=+\-@])/g, "$1'");
	return FORMULA_START.test(inner) && !PLAIN_NUMBER.test(inner) ? `'${inner}` : inner;
}

/** The reverse of `escapeCell`, for the import of a file we exported. */
export const unescapeCell = (value: string) =>
	(/^'[=+\-@\t\r]/.test(value) ? value.slice(1) : value).replace(/([;,\t\r\n])'(?=[=+\-@])/g, '$1');

/**
 * The one CSV writer of the app. `french`: what French Excel opens right (UTF-8 with BOM, ";",
 * CRLF); `open`: the open-data convention (UTF-8, ",", as the SCDL schema and the API use).
 * Every cell goes through `escapeCell`.
 */
export function writeCsv(
	columns: readonly string[],
	rows: readonly (readonly Cell[])[],
	dialect: 'french' | 'open' = 'french'
): string {
	const table = [columns.map(escapeCell), ...rows.map((r) => r.map(escapeCell))];
	// No cell needs quoting beyond what the separator asks: `escapeCell` already neutralises what
	// would follow the other separator, for a spreadsheet that splits there.
	return dialect === 'french'
		? stringify(table, {
				delimiter: ';',
				bom: true,
				record_delimiter: '\r\n',
				quoted_match: LINE_BREAK
			})
		: stringify(table, { delimiter: ',', quoted_match: LINE_BREAK });
}

/** Rows of objects, in the columns' order. */
export function writeObjectsCsv<T extends Record<string, unknown>>(
	columns: readonly (keyof T & string)[],
	rows: readonly T[],
	dialect: 'french' | 'open'
): string {
	return writeCsv(
		columns,
		rows.map((r) => columns.map((c) => r[c] as Cell)),
		dialect
	);
}

export function csvResponse(body: string, filename: string): Response {
	return new Response(body, {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="${filename}.csv"`,
			'cache-control': 'no-cache'
		}
	});
}

/** Cents as euros with a decimal comma, for spreadsheet cells. */
export const eurosCell = (cents: number) => (cents / 100).toFixed(2).replace('.', ',');
