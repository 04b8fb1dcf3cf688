import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { Readable } from 'node:stream';
import { parse } from 'csv-parse/sync';
import { plainText } from '../../domain/values';
import { IMPORT_LIMITS } from '../../domain/limits';
import type { Column } from '../exports/lists';
import { unescapeCell } from '../csv';

export type RawRow = Record<string, string>;

/** A file refused for what it is (size, shape, encoding): its message is for the user. */
export class SpreadsheetError extends Error {}

/** JSZip's StreamHelper (see its documentation: on, pause, resume). */
interface ZipStream {
	on(event: 'data', cb: (chunk: Uint8Array) => void): ZipStream;
	on(event: 'error', cb: (e: Error) => void): ZipStream;
	on(event: 'end', cb: () => void): ZipStream;
	pause(): ZipStream;
	resume(): ZipStream;
}

const MB = (n: number) => `${Math.round(n / (1024 * 1024))} Mo`;

/**
 * Inflates every part of an XLSX as a stream, counting bytes, and stops at the first part or the
 * total that exceeds the limits, whatever sizes the archive declares: a zip bomb is refused before
 * ExcelJS ever sees it.
 */
async function checkXlsxSize(data: Buffer): Promise<void> {
	let zip: JSZip;
	try {
		zip = await JSZip.loadAsync(data);
	} catch {
		throw new SpreadsheetError('Fichier .xlsx illisible : enregistrez-le de nouveau depuis Excel.');
	}
	const entries = Object.values(zip.files).filter((f) => !f.dir);
	if (entries.length > IMPORT_LIMITS.entries)
		throw new SpreadsheetError('Classeur trop complexe : trop de parties dans le fichier.');
	let total = 0;
	for (const entry of entries)
		await new Promise<void>((resolve, reject) => {
			// JSZip's own stream (typed loosely by the library): pausing it stops the inflation.
			const stream = (
				entry as unknown as { internalStream(type: 'uint8array'): ZipStream }
			).internalStream('uint8array');
			stream
				.on('data', (chunk) => {
					total += chunk.length;
					if (total > IMPORT_LIMITS.inflatedBytes) {
						stream.pause();
						reject(
							new SpreadsheetError(
								`Classeur trop volumineux une fois décompressé (plus de ${MB(IMPORT_LIMITS.inflatedBytes)}) : importez-le en plusieurs fichiers.`
							)
						);
					}
				})
				.on('error', () =>
					reject(new SpreadsheetError('Fichier .xlsx endommagé : enregistrez-le de nouveau.'))
				)
				.on('end', () => resolve())
				.resume();
		});
}

/** UTF-8 (with or without BOM) when the bytes are valid UTF-8, else Windows-1252 (French Excel's CSV). */
export function decodeCsv(data: Buffer): string {
	try {
		return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(data);
	} catch {
		return new TextDecoder('windows-1252').decode(data);
	}
}

function readCsv(data: Buffer): string[][] {
	const text = decodeCsv(data);
	const first = text.split(/\r?\n/, 1)[0] ?? '';
	const delimiter =
		(first.match(/;/g)?.length ?? 0) >= (first.match(/,/g)?.length ?? 0) ? ';' : ',';
	try {
		const rows: string[][] = parse(text, {
			delimiter,
			relax_column_count: true,
			relax_quotes: true,
			skip_empty_lines: true,
			// One more than allowed, so that "too many rows" can be told apart from "exactly the limit".
			to_line: IMPORT_LIMITS.rows + 2,
			max_record_size: IMPORT_LIMITS.cellChars * 4
		});
		return rows;
	} catch (e) {
		const err = e as Error & { code?: string; lines?: number };
		if (err.code === 'CSV_MAX_RECORD_SIZE')
			throw new SpreadsheetError(
				`Ligne ${err.lines ?? '?'} : trop longue, une cellule dépasse ${IMPORT_LIMITS.cellChars.toLocaleString('fr-FR')} caractères.`
			);
		throw new SpreadsheetError(
			`Fichier CSV illisible : ${(e as Error).message.slice(0, 200)}. Enregistrez-le au format « CSV UTF-8 » ou « CSV (séparateur : point-virgule) ».`
		);
	}
}

const tooMuchText = () =>
	new SpreadsheetError(
		`Fichier trop volumineux une fois lu (plus de ${IMPORT_LIMITS.totalChars.toLocaleString('fr-FR')} caractères) : importez-le en plusieurs fichiers.`
	);

/**
 * Reads the first sheet as a stream of rows (ExcelJS's streaming reader: the workbook is never held
 * whole in memory), stopping past the row limit or the total of characters read.
 */
async function readXlsx(data: Buffer): Promise<string[][]> {
	await checkXlsxSize(data);
	const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([data]), {
		worksheets: 'emit',
		sharedStrings: 'cache',
		// styles tell dates from numbers
		styles: 'cache',
		hyperlinks: 'ignore',
		entries: 'ignore'
	});
	const table: string[][] = [];
	let chars = 0;
	try {
		for await (const sheet of reader) {
			for await (const row of sheet) {
				if (table.length > IMPORT_LIMITS.rows) break;
				const cells = (row.values as unknown[]).slice(1, IMPORT_LIMITS.columns + 2).map(cellText);
				chars += cells.reduce((n, c) => n + c.length, 0);
				if (chars > IMPORT_LIMITS.totalChars) throw tooMuchText();
				table.push(cells);
			}
			break; // the first sheet only
		}
	} catch (e) {
		if (e instanceof SpreadsheetError) throw e;
		throw new SpreadsheetError('Fichier .xlsx illisible : enregistrez-le de nouveau depuis Excel.');
	}
	if (table.length === 0) throw new SpreadsheetError('Le classeur ne contient aucune ligne.');
	return table;
}

/**
 * Reads the first sheet of an XLSX, or a CSV (";" or ","; UTF-8 or Windows-1252), into rows keyed
 * by our column keys, within IMPORT_LIMITS (bytes, inflated size, rows, columns, characters per cell).
 */
export async function readSpreadsheet(
	name: string,
	data: Buffer,
	columns: Column[]
): Promise<{ rows: RawRow[]; unknownHeaders: string[] }> {
	if (data.length > IMPORT_LIMITS.bytes)
		throw new SpreadsheetError(`Fichier trop volumineux (${MB(IMPORT_LIMITS.bytes)} au plus).`);
	let table: string[][];
	if (/\.xlsx$/i.test(name)) table = await readXlsx(data);
	else if (/\.csv$/i.test(name)) table = readCsv(data);
	else throw new SpreadsheetError('Format non reconnu : envoyez un fichier .xlsx ou .csv.');
	if (table.length === 0) throw new SpreadsheetError('Le fichier est vide.');
	if (table.length - 1 > IMPORT_LIMITS.rows)
		throw new SpreadsheetError(
			`Trop de lignes : ${IMPORT_LIMITS.rows.toLocaleString('fr-FR')} au plus par import. Découpez le fichier.`
		);
	if (table[0].length > IMPORT_LIMITS.columns)
		throw new SpreadsheetError(`Trop de colonnes : ${IMPORT_LIMITS.columns} au plus.`);
	const long = table.findIndex((cells) => cells.some((c) => c.length > IMPORT_LIMITS.cellChars));
	if (long >= 0)
		throw new SpreadsheetError(
			`Ligne ${long + 1} : une cellule dépasse ${IMPORT_LIMITS.cellChars.toLocaleString('fr-FR')} caractères.`
		);
	const byHeader = new Map<string, string>();
	for (const c of columns) {
		byHeader.set(normalise(c.header), c.key);
		byHeader.set(normalise(c.key), c.key);
	}
	const headers = table[0].map((h) => byHeader.get(normalise(h)) ?? null);
	const missing = columns
		.filter((c) => !c.exportOnly && !headers.includes(c.key))
		.map((c) => c.header);
	// Provenance columns of an export are known, and left aside.
	const aside = new Set(columns.filter((c) => c.exportOnly).map((c) => c.key));
	if (missing.length)
		throw new SpreadsheetError(
			`Colonnes manquantes : ${missing.join(', ')}. Téléchargez le modèle.`
		);
	const unknownHeaders = table[0].filter((_, i) => headers[i] === null && table[0][i] !== '');
	const rows = table
		.slice(1)
		.map((cells) =>
			Object.fromEntries(
				headers.flatMap((k, i) =>
					k && !aside.has(k) ? [[k, unescapeCell((cells[i] ?? '').trim())]] : []
				)
			)
		);
	return { rows: rows.filter((r) => Object.values(r).some((v) => v !== '')), unknownHeaders };
}

function cellText(v: unknown): string {
	if (v === null || v === undefined) return '';
	if (v instanceof Date) return Number.isNaN(v.getTime()) ? '' : v.toISOString().slice(0, 10);
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
