import { plainText } from '../../domain/values';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import type { Column } from '../exports/lists';
import { unescapeCell } from '../csv';

export type RawRow = Record<string, string>;

/** Reads the first sheet of an XLSX, or a CSV (";" or ","), into rows keyed by our column keys. */
export async function readSpreadsheet(
	name: string,
	data: Buffer,
	columns: Column[]
): Promise<{ rows: RawRow[]; unknownHeaders: string[] }> {
	let table: string[][];
	if (/\.xlsx$/i.test(name)) {
		const wb = new ExcelJS.Workbook();
		await wb.xlsx.load(data as unknown as ArrayBuffer);
		const ws = wb.worksheets[0];
		if (!ws) throw new Error('Le classeur ne contient aucune feuille.');
		table = [];
		ws.eachRow({ includeEmpty: false }, (row) => {
			const values = (row.values as unknown[]).slice(1);
			table.push(values.map(cellText));
		});
	} else if (/\.csv$/i.test(name)) {
		const text = data.toString('utf8').replace(/^\uFEFF/, '');
		const first = text.split(/\r?\n/, 1)[0] ?? '';
		const delimiter =
			(first.match(/;/g)?.length ?? 0) >= (first.match(/,/g)?.length ?? 0) ? ';' : ',';
		table = parse(text, {
			delimiter,
			relax_column_count: true,
			skip_empty_lines: true
		});
	} else throw new Error('Format non reconnu : envoyez un fichier .xlsx ou .csv.');
	if (table.length === 0) throw new Error('Le fichier est vide.');
	const byHeader = new Map<string, string>();
	for (const c of columns) {
		byHeader.set(normalise(c.header), c.key);
		byHeader.set(normalise(c.key), c.key);
	}
	const headers = table[0].map((h) => byHeader.get(normalise(h)) ?? null);
	const missing = columns.filter((c) => !headers.includes(c.key)).map((c) => c.header);
	if (missing.length)
		throw new Error(`Colonnes manquantes : ${missing.join(', ')}. Téléchargez le modèle.`);
	const unknownHeaders = table[0].filter((_, i) => headers[i] === null && table[0][i] !== '');
	const rows = table
		.slice(1)
		.map((cells) =>
			Object.fromEntries(
				headers.flatMap((k, i) => (k ? [[k, unescapeCell((cells[i] ?? '').trim())]] : []))
			)
		);
	return { rows: rows.filter((r) => Object.values(r).some((v) => v !== '')), unknownHeaders };
}

function cellText(v: unknown): string {
	if (v === null || v === undefined) return '';
	if (v instanceof Date) return v.toISOString().slice(0, 10);
	if (typeof v === 'object' && v && 'result' in v) return cellText(v.result);
	if (typeof v === 'object' && v && 'text' in v) return plainText(v.text) ?? '';
	return plainText(v) ?? '';
}

const normalise = (s: string) =>
	s
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.replace(/[^a-z0-9]/g, '');
