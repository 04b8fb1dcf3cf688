import { writeCsv, type Cell } from '../csv';
import type { Table } from './lists';

export function tableToCsv(t: Table): string {
	return writeCsv(
		t.columns.map((c) => c.header),
		t.rows.map((r) => t.columns.map((c) => r[c.key] as Cell))
	);
}

/** One sheet per table, bold header, filters on, columns sized to their content. */
export async function tablesToXlsx(tables: Table[]): Promise<Buffer> {
	// Loaded on first use: ExcelJS and its dependencies hold 8.5 MB of heap in each thread that loads
	// them, and most threads never write a workbook (CSV exports do not need it).
	const { default: ExcelJS } = await import('exceljs');
	const wb = new ExcelJS.Workbook();
	wb.creator = 'Grand Cahors – programmes urbains';
	for (const t of tables) {
		const ws = wb.addWorksheet(t.name);
		ws.columns = t.columns.map((c) => ({
			header: c.header,
			key: c.key,
			width: Math.min(60, Math.max(12, c.header.length + 2))
		}));
		for (const r of t.rows)
			ws.addRow(Object.fromEntries(t.columns.map((c) => [c.key, r[c.key] ?? null])));
		ws.getRow(1).font = { bold: true };
		ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: t.columns.length } };
		ws.views = [{ state: 'frozen', ySplit: 1 }];
	}
	return Buffer.from(await wb.xlsx.writeBuffer());
}

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
