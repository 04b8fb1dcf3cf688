import { stringify } from 'csv-stringify/sync';

/** CSV that French Excel opens right: UTF-8 with BOM, ";" separator, header row. */
export function frenchCsv(columns: string[], rows: (string | number | null)[][]): string {
	return stringify([columns, ...rows], { delimiter: ';', bom: true, record_delimiter: '\r\n' });
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
