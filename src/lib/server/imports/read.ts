import type JSZip from 'jszip';
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

/** Per part of an XLSX: the most bytes once inflated, and the most XML tags (objects a parser builds). */
const PART_LIMITS = {
	small: { bytes: 1024 * 1024, tags: 50_000 },
	styles: { bytes: 2 * 1024 * 1024, tags: 100_000 },
	sharedStrings: { bytes: 10 * 1024 * 1024, tags: 600_000 },
	// 10 000 rows of an export's dozen columns take about 5 MB
	sheet: { bytes: 12 * 1024 * 1024, tags: Number.POSITIVE_INFINITY }
} as const;

const tooBig = () =>
	new SpreadsheetError(
		`Classeur trop volumineux une fois décompressé (plus de ${MB(IMPORT_LIMITS.inflatedBytes)}) : importez-le en plusieurs fichiers.`
	);
const unreadable = () =>
	new SpreadsheetError(
		'Fichier .xlsx illisible ou endommagé : enregistrez-le de nouveau depuis Excel.'
	);

/**
 * Inflates one part as a stream, counting bytes and tags, and stops at the first limit passed: a
 * zip bomb, or a part made of millions of empty elements, is refused before any parser sees it.
 */
function inflatePart(
	entry: JSZip.JSZipObject,
	limit: { bytes: number; tags: number },
	budget: { left: number }
): Promise<Buffer> {
	return new Promise<Buffer>((resolve, reject) => {
		// JSZip's own stream (typed loosely by the library): pausing it stops the inflation.
		const stream = (
			entry as unknown as { internalStream(type: 'uint8array'): ZipStream }
		).internalStream('uint8array');
		const chunks: Uint8Array[] = [];
		let bytes = 0;
		let tags = 0;
		stream
			.on('data', (chunk) => {
				bytes += chunk.length;
				budget.left -= chunk.length;
				for (let i = 0; i < chunk.length; i++) if (chunk[i] === 0x3c) tags++;
				if (bytes > limit.bytes || budget.left < 0 || tags > limit.tags) {
					stream.pause();
					reject(tooBig());
					return;
				}
				chunks.push(chunk);
			})
			.on('error', () => reject(unreadable()))
			.on('end', () => resolve(Buffer.concat(chunks)))
			.resume();
	});
}

/** The first sheet's part, from the workbook and its relationships (the order a user sees). */
function firstSheetPath(workbook: string, rels: string): string | null {
	const id = /<(?:\w+:)?sheet\b[^>]*\br:id="([^"]+)"/.exec(workbook)?.[1];
	if (!id) return null;
	for (const m of rels.matchAll(/<(?:\w+:)?Relationship\b([^>]*)>/g)) {
		const attrs = m[1];
		if (/\bId="([^"]+)"/.exec(attrs)?.[1] !== id) continue;
		const target = /\bTarget="([^"]+)"/.exec(attrs)?.[1];
		if (!target) return null;
		const path = target.startsWith('/') ? target.slice(1) : `xl/${target}`;
		return /^xl\/worksheets\/[\w.-]+\.xml$/.test(path) ? path : null;
	}
	return null;
}

/**
 * Rebuilds the XLSX from only the parts an import reads, each inflated and measured first, and in
 * the order a streaming reader wants (strings and styles before the sheet): whatever the archive
 * declares, hides or repeats, ExcelJS reads exactly what was checked, and writes no temporary file.
 */
async function sanitizeXlsx(data: Buffer): Promise<Buffer> {
	const { default: Zip } = await import('jszip');
	let zip: JSZip;
	try {
		zip = await Zip.loadAsync(data);
	} catch {
		throw unreadable();
	}
	if (Object.keys(zip.files).length > IMPORT_LIMITS.entries)
		throw new SpreadsheetError('Classeur trop complexe : trop de parties dans le fichier.');
	const budget = { left: IMPORT_LIMITS.inflatedBytes };
	const read = async (path: string, limit: { bytes: number; tags: number }) => {
		const entry = zip.file(path);
		return entry ? inflatePart(entry, limit, budget) : null;
	};
	const types = await read('[Content_Types].xml', PART_LIMITS.small);
	const rootRels = await read('_rels/.rels', PART_LIMITS.small);
	const workbook = await read('xl/workbook.xml', PART_LIMITS.small);
	const workbookRels = await read('xl/_rels/workbook.xml.rels', PART_LIMITS.small);
	if (!types || !workbook || !workbookRels) throw unreadable();
	const sheet = firstSheetPath(workbook.toString('utf8'), workbookRels.toString('utf8'));
	if (!sheet) throw new SpreadsheetError('Le classeur ne contient aucune feuille.');
	const parts: [string, Buffer | null][] = [
		['[Content_Types].xml', types],
		['_rels/.rels', rootRels],
		['xl/workbook.xml', workbook],
		['xl/_rels/workbook.xml.rels', workbookRels],
		['xl/styles.xml', await read('xl/styles.xml', PART_LIMITS.styles)],
		['xl/sharedStrings.xml', await read('xl/sharedStrings.xml', PART_LIMITS.sharedStrings)],
		[sheet, await read(sheet, PART_LIMITS.sheet)]
	];
	if (!parts.at(-1)![1]) throw new SpreadsheetError('Le classeur ne contient aucune feuille.');
	const clean = new Zip();
	for (const [path, content] of parts) if (content) clean.file(path, content);
	return clean.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
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
	const clean = await sanitizeXlsx(data);
	// Loaded on first use (8.5 MB of heap per thread), like the XLSX exports: CSV imports never need it.
	const { default: ExcelJS } = await import('exceljs');
	const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([clean]), {
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
